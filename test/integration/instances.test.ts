// Scale-out against the real broker (issue 17's acceptance): three instances started separately
// (--instances 3 --instance 0..2, one --start-at) at 3 x 2,000/s, merged: acked is the sum, nothing lost or
// duplicated across them, and HdrHistogram's Java HistogramLogProcessor reads the merged e2e.hlog to the
// merged summary's p99 within 2%.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSummary } from '../../src/report/summary.js';
import { runBounded, runLoadgen } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';
import { projectRoot } from '../support/paths.js';

test('three instances, one schedule: merged, acked = sum, lost 0, duplicates 0; the Java reader agrees on p99', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-instances-'));
  const startAt = new Date(Date.now() + 15_000).toISOString();
  const runs = await Promise.all([0, 1, 2].map((i) => runLoadgen(
    ['--rate', '6000', '--duration', '10s', '--instances', '3', '--instance', String(i), '--start-at', startAt, '--seed', '21', '--workers', '1', '--quiet', '--out', join(dir, `i${i}`), '-b', BROKERS],
    { timeoutMs: 120_000 },
  )));
  for (const [i, run] of runs.entries()) assert.is(run.status, 0, `instance ${i}: ${run.stderr}`);
  const parts = [0, 1, 2].map((i) => JSON.parse(readFileSync(join(dir, `i${i}`, 'summary.json'), 'utf8')) as RunSummary);
  assert.equal(parts.map((s) => s.instances), [{ count: 3, index: 0 }, { count: 3, index: 1 }, { count: 3, index: 2 }]);
  assert.equal(new Set(parts.map((s) => s.run_id)).size, 1, 'one run id, derived alike');

  const merged = await runLoadgen(['merge', join(dir, 'i2'), join(dir, 'i0'), join(dir, 'i1'), '--out', join(dir, 'merged')], { timeoutMs: 60_000 });
  assert.is(merged.status, 0, merged.stderr);
  const s = JSON.parse(readFileSync(join(dir, 'merged', 'summary.json'), 'utf8')) as RunSummary;
  assert.is(s.events.acked, parts.reduce((n, p) => n + p.events.acked, 0));
  assert.equal([s.events.acked, s.events.failed, s.consumer?.received, s.consumer?.lost, s.consumer?.duplicates, s.consumer?.out_of_order], [60_000, 0, 60_000, 0, 0, 0]);
  assert.is(s.target_rate, 6000);
  assert.match(merged.stdout, /^consumer: received 60,000, lost 0, duplicates 0/m);
  assert.ok(existsSync(join(dir, 'merged', 'report.html')));

  const lib = join(projectRoot, '.kafka', 'lib');
  const jar = readdirSync(lib).find((f) => /^HdrHistogram-.*\.jar$/.test(f)) as string;
  const processor = await runBounded('java', ['-cp', join(lib, jar), 'org.HdrHistogram.HistogramLogProcessor', '-i', join(dir, 'merged', 'e2e.hlog'), '-outputValueUnitRatio', '1000', '-percentilesOutputTicksPerHalf', '100'], { timeoutMs: 60_000 });
  assert.is(processor.status, 0, processor.stderr);
  // The percentile distribution's row at 0.99 (values in ms with the ratio above).
  const rows = [...processor.stdout.matchAll(/^\s*(\d+\.\d+)\s+([01]\.\d+)\s+\d+\s+\S+\s*$/gm)];
  const p99 = Number(rows.find((m) => Number(m[2]) >= 0.99)?.[1]);
  const expected = s.latency_ms.e2e?.p99 ?? NaN;
  assert.ok(Math.abs(p99 - expected) <= 0.02 * expected, `HistogramLogProcessor p99 ${p99} ms, merged summary ${expected} ms`);
  assert.match(processor.stdout, /Total count\s*=\s*60000\]/);
});

test('--processes 2: two local instances of one run, merged, thresholds checked on the merge', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'loadgen-processes-')), 'run');
  const run = await runLoadgen(['--processes', '2', '--rate', '2000', '--duration', '4s', '--workers', '1', '--assert', 'consumer.lost==0', '--out', out, '-b', BROKERS], { timeoutMs: 120_000 });
  assert.is(run.status, 0, run.stderr);
  const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  assert.equal([s.instances, s.events.acked, s.consumer?.received, s.consumer?.lost, s.consumer?.duplicates], [{ count: 2, index: null }, 8000, 8000, 0, 0]);
  assert.match(run.stdout, /^assert consumer\.lost==0: 0 == 0 ok$/m);
  assert.ok(existsSync(join(out, 'instances', '1', 'summary.json')), 'each instance keeps its own results');
});

test.run();

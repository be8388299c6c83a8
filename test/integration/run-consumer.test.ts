// `loadgen run` with its companion consumer (two consumer threads, so their merge is checked too) against
// the real broker: every acked event is received once, the e2e percentiles are in summary.json, and each
// .hlog decodes (with hdr-histogram-js, and with HdrHistogram's own Java HistogramLogProcessor) to the same
// figures.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newHistogram, summarize } from '../../src/engine/histograms.js';
import { readIntervalLog } from '../../src/engine/interval-log.js';
import type { RunSummary } from '../../src/report/summary.js';
import { loadSchemaRegistry } from '../../src/events/schema-registry.js';
import { runBounded, runLoadgen } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';
import { projectRoot } from '../support/paths.js';

const out = mkdtempSync(join(tmpdir(), 'loadgen-consumer-'));
let summary: RunSummary;

test.before(async () => {
  const run = await runLoadgen(['--count', '3000', '--rate', '1000', '--workers', '2', '--consumer-threads', '2', '--quiet', '--out', out, '-b', BROKERS, '-X', 'linger.ms=0'], { timeoutMs: 90_000 });
  assert.is(run.status, 0, run.stderr);
  summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
});

test('the consumer received every acked event exactly once, in order; e2e is in the summary', () => {
  assert.is(loadSchemaRegistry().validateSummary(summary), null);
  assert.is(summary.events.acked, 3000);
  // `foreign` counts records of other runs and tools that were written to the pipeline topics meanwhile; the
  // consumer reads and ignores them. Whoever else uses the broker decides it, so it is only checked to be a
  // count: that none of this run's records was taken for foreign is what received 3000 proves.
  const foreign = summary.consumer?.foreign;
  assert.ok(Number.isInteger(foreign) && (foreign as number) >= 0, `foreign: ${foreign}`);
  assert.equal(summary.consumer, { received: 3000, lost: 0, duplicates: 0, out_of_order: 0, unexpected: 0, foreign, negative_latencies: 0, drained: true });
  assert.is(summary.latency_ms.e2e?.count, 3000);
  assert.is(summary.latency_ms.e2e_uncorrected?.count, 3000);
  // Corrected latency starts earlier (intended <= actual send time), so it is never the smaller one.
  assert.ok((summary.latency_ms.e2e?.p50 ?? 0) >= (summary.latency_ms.e2e_uncorrected?.p50 ?? Infinity));
  const perTopic = Object.values(summary.topics).reduce((n, t) => n + (t.latency_ms['e2e']?.count ?? 0), 0);
  assert.is(perTopic, 3000);
});

test('each .hlog adds up to the whole-run percentiles in summary.json', () => {
  const files = readdirSync(out).filter((f) => f.endsWith('.hlog')).sort();
  assert.equal(files, ['ack.hlog', 'ack_uncorrected.hlog', 'e2e.hlog', 'e2e_uncorrected.hlog', 'publish_delay.hlog']);
  for (const metric of ['publish_delay', 'ack', 'ack_uncorrected', 'e2e', 'e2e_uncorrected'] as const) {
    const intervals = readIntervalLog(readFileSync(join(out, `${metric}.hlog`), 'utf8'));
    assert.ok(intervals.length >= 3, `${metric}: one interval per second`);
    const merged = newHistogram();
    for (const i of intervals) merged.add(i.histogram);
    assert.equal(summarize(merged), summary.latency_ms[metric], metric);
  }
});

test("HdrHistogram's own HistogramLogProcessor reads e2e.hlog", async () => {
  const lib = join(projectRoot, '.kafka', 'lib');
  const jar = existsSync(lib) ? readdirSync(lib).find((f) => /^HdrHistogram-.*\.jar$/.test(f)) : undefined;
  assert.ok(jar, 'the broker setup brings HdrHistogram (a Kafka dependency) into .kafka/lib');
  const processor = await runBounded('java', ['-cp', join(lib, jar as string), 'org.HdrHistogram.HistogramLogProcessor', '-i', join(out, 'e2e.hlog'), '-outputValueUnitRatio', '1000'], { timeoutMs: 60_000 });
  assert.is(processor.status, 0, processor.stderr);
  assert.match(processor.stdout, /Total count\s*=\s*3000\]/);
});

test.run();

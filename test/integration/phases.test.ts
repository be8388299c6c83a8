// A config file's phases against the real broker: a backlog built with the companion consumer paused, then
// a catch-up phase whose producers have a property of their own (linger.ms=1): one run, one results
// directory, each phase's own figures, and everything read in the end (lost 0, duplicates 0).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSchemaRegistry } from '../../src/events/schema-registry.js';
import { loadResults } from '../../src/report/results-dir.js';
import type { RunSummary } from '../../src/report/summary.js';
import { runLoadgen } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';

test('backlog (consumer paused) then catch-up (linger.ms=1): per-phase figures, nothing read while paused, nothing lost', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-phases-'));
  const config = join(dir, 'run.json');
  writeFileSync(config, JSON.stringify({
    phases: [
      { name: 'backlog', duration: '6s', rate: 3000, consumer: 'paused' },
      { name: 'catch-up', duration: '4s', rate: 1000, properties: { 'linger.ms': 1 } },
    ],
  }));
  const out = join(dir, 'results');
  const done = await runLoadgen(['--config', config, '--workers', '2', '--seed', '9', '--quiet', '--out', out, '-b', BROKERS], { timeoutMs: 120_000 });
  assert.is(done.status, 0, done.stderr);
  const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  assert.equal([s.status, s.events.acked, s.events.failed, s.consumer?.lost, s.consumer?.duplicates], ['complete', 22_000, 0, 0, 0]);
  const [backlog, catchUp] = s.phases ?? [];
  assert.equal([backlog?.name, backlog?.consumer, backlog?.acked, backlog?.received], ['backlog', 'paused', 18_000, 18_000]);
  assert.equal([catchUp?.name, catchUp?.consumer, catchUp?.acked, catchUp?.received, catchUp?.properties], ['catch-up', 'running', 4000, 4000, { 'linger.ms': '1' }]);
  assert.match(done.stdout, /^phase backlog \(0-6 s, target 3,000\/s, consumer paused\): acked 18,000, received 18,000/m);
  // The backlog waited for the consumer: its end-to-end p50 is seconds; the catch-up's producers, with
  // linger.ms=1, acked faster than the backlog's (the run's linger.ms=5).
  assert.ok((backlog?.latency_ms.e2e?.p50 ?? 0) > 1000, `backlog e2e p50 ${backlog?.latency_ms.e2e?.p50} ms`);
  assert.ok((catchUp?.latency_ms.ack?.p50 ?? Infinity) < (backlog?.latency_ms.ack?.p50 ?? 0), `ack p50 ${catchUp?.latency_ms.ack?.p50} vs ${backlog?.latency_ms.ack?.p50}`);
  // While the backlog phase ran, the consumer read nothing (its first second left out: the pause takes effect within ms of the start).
  const results = loadResults(out, loadSchemaRegistry());
  const readWhilePaused = results.intervals.e2e.filter((i) => i.startS >= 1 && i.endS <= 6).reduce((n, i) => n + i.histogram.totalCount, 0);
  assert.is(readWhilePaused, 0);
  assert.ok(results.intervals.e2e.some((i) => i.startS >= 6 && i.histogram.totalCount > 0));
});

test.run();

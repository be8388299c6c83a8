// Two worker threads, each owning a native producer, produce at the same time: the addon keeps no state
// between them (per-environment instance data), and each gets all its records acked once.
import { Worker } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadNativeAddon } from '../../src/kafka/native-producer.js';
import type { WorkerReport } from '../support/native-worker.js';

test('two workers producing at once: each acked every record once', async () => {
  const count = 20_000;
  const baseline = loadNativeAddon().threadCount(); // uvu may run other suites' clients in this process
  const workers = [0, 1].map(
    (w) => new Worker(new URL('../support/native-worker.js', import.meta.url), { workerData: { mode: 'produce', count, slotBase: w * count, topic: `native-two-workers-${w}` } }),
  );
  const exits = workers.map((worker) => new Promise<number>((resolve) => worker.once('exit', resolve)));
  const reports = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<WorkerReport>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const codes = await Promise.all(exits);
  for (const report of reports) {
    assert.is(report.acked, count);
    assert.is(report.failed, 0);
    assert.ok(report.slotsContiguous);
    assert.is(report.inFlight, 0);
    assert.is(report.liveProducers, 1, "each worker sees only its own producer");
  }
  assert.equal(codes, [0, 0]);
  assert.is(loadNativeAddon().liveProducers(), 0);
  assert.ok(loadNativeAddon().threadCount() <= baseline);
});

test.run();

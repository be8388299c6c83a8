// The addon is context-aware and cleans up after a worker thread however it ends: a worker that exits
// without close() (normally, by process.exit(), or terminated from outside mid-produce) has its producers
// closed by the addon's environment teardown: no crash, no librdkafka thread left behind, and this process
// goes on.
import { Worker } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadNativeAddon } from '../../src/kafka/native-producer.js';
import type { WorkerReport } from '../support/native-worker.js';

const workerFile = new URL('../support/native-worker.js', import.meta.url);
const addon = loadNativeAddon();

/**
 * librdkafka's thread count (process-wide) back at `baseline` or below: uvu may run other suites' clients in
 * this process, so the count is compared with what was there before the worker started.
 */
async function backTo(baseline: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (addon.threadCount() > baseline && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return addon.threadCount() <= baseline;
}

function run(mode: string): { worker: Worker; first: Promise<unknown>; exit: Promise<number> } {
  const worker = new Worker(workerFile, { workerData: { mode, count: 2000, slotBase: 0, topic: `native-worker-${mode}` } });
  const first = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const exit = new Promise<number>((resolve) => worker.once('exit', resolve));
  return { worker, first, exit };
}

for (const mode of ['leave', 'exit'] as const) {
  test(`a worker that ends with records in flight and no close() (${mode}) leaves no producer behind`, async () => {
    const baseline = addon.threadCount();
    const { first, exit } = run(mode);
    const report = (await first) as WorkerReport;
    assert.is(report.inFlight, 2000);
    assert.is(report.liveProducers, 1);
    assert.is(await exit, 0);
    assert.ok(await backTo(baseline), `librdkafka threads still running after the worker exited: ${addon.threadCount()} (before: ${baseline})`);
  });
}

test('a worker terminated from outside while producing leaves no producer behind', async () => {
  const baseline = addon.threadCount();
  const { worker, first, exit } = run('spin');
  assert.is(await first, 'spinning');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(addon.threadCount() > baseline);
  await worker.terminate();
  await exit;
  assert.ok(await backTo(baseline), `librdkafka threads still running after terminate(): ${addon.threadCount()} (before: ${baseline})`);
});

test('this thread still works afterwards', () => {
  assert.is(typeof addon.version(), 'string');
  assert.is(addon.liveProducers(), 0);
});

test.run();

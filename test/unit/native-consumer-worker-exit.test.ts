// A worker thread that ends without closing its native consumer (returning, process.exit(), or terminated
// from outside mid-poll) has it closed by the addon's environment teardown, before the producer whose mock
// cluster it reads: no crash, no librdkafka thread left behind, and this thread goes on.
import { Worker } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadNativeAddon } from '../../src/kafka/native-producer.js';
import type { ConsumerWorkerReport } from '../support/native-consumer-worker.js';

const workerFile = new URL('../support/native-consumer-worker.js', import.meta.url);
const addon = loadNativeAddon();

async function backTo(baseline: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (addon.threadCount() > baseline && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return addon.threadCount() <= baseline;
}

function run(mode: string): { worker: Worker; first: Promise<ConsumerWorkerReport>; exit: Promise<number> } {
  const worker = new Worker(workerFile, { workerData: { mode, count: 200, topic: `nc-worker-${mode}` } });
  const first = new Promise<ConsumerWorkerReport>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const exit = new Promise<number>((resolve) => worker.once('exit', resolve));
  return { worker, first, exit };
}

for (const mode of ['leave', 'exit'] as const) {
  test(`a worker that ends without close() (${mode}) leaves no consumer behind`, async () => {
    const baseline = addon.threadCount();
    const { first, exit } = run(mode);
    const report = await first;
    assert.equal(report, { mode, messages: 200, received: 200, liveConsumers: 1, liveProducers: 1 });
    assert.is(await exit, 0);
    assert.ok(await backTo(baseline), `librdkafka threads still running after the worker exited: ${addon.threadCount()} (before: ${baseline})`);
  });
}

test('a worker terminated from outside while polling leaves no consumer behind', async () => {
  const baseline = addon.threadCount();
  const { worker, first, exit } = run('spin');
  assert.is((await first).received, 200);
  await new Promise((resolve) => setTimeout(resolve, 200));
  await worker.terminate();
  await exit;
  assert.ok(await backTo(baseline), `librdkafka threads still running after terminate(): ${addon.threadCount()} (before: ${baseline})`);
});

test('this thread still works afterwards', () => {
  assert.is(addon.liveConsumers(), 0);
  assert.is(addon.liveProducers(), 0);
});

test.run();

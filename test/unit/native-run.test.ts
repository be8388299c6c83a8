// The coordinator of the producer threads (src/run/native-run.ts) on fake time, with stand-in threads
// (test/support/fake-producer-thread.ts): the threads' ticks add up, a thread that fails before it is
// ready fails the run with its own message and exit code, the in-flight limit holds the budget, and a
// stalled cluster aborts the run with everything in flight failed.
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LoadRunOptions } from '../../src/run/load-run.js';
import { startNativeLoad, threadProperties } from '../../src/run/native-run.js';
import { resolveRunConfig, type RunFlags } from '../../src/config/run-config.js';
import { LoadgenError } from '../../src/errors.js';
import { DEFAULT_SCHEMAS_DIR } from '../../src/events/schema-registry.js';
import { DEFAULT_SCENARIO } from '../../src/model/scenario.js';
import { FakeTimerClock, driveUntilSettled } from '../support/fake-clock.js';

const generatorFile = fileURLToPath(new URL('../support/fake-producer-thread.js', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setup(flags: RunFlags, acks: 'all' | 'none' | 'refuse' | 'crash', extra: Partial<LoadRunOptions> = {}) {
  const clock = new FakeTimerClock(Date.now() * 1000);
  const config = resolveRunConfig({ workers: '2', consumer: false, seed: '1', X: [`fake.acks=${acks}`, 'message.timeout.ms=1000'], ...flags }, { env: {}, nowMs: Date.now(), randomU32: () => 1 });
  const options: LoadRunOptions = { config, scenario: DEFAULT_SCENARIO, schemasDir: DEFAULT_SCHEMAS_DIR, onProgress: () => undefined, clock, generatorFile, ...extra };
  return { clock, options };
}


test('every record acked: the threads\' ticks add up, one acked slot set per producer id, status complete', async () => {
  const { clock, options } = setup({ rate: '1000', count: '400' }, 'all');
  const run = await startNativeLoad(options);
  const outcome = await driveUntilSettled(clock, run.done);
  assert.is(outcome.status, 'complete');
  assert.is(outcome.accounting.produced, 400);
  assert.is(outcome.accounting.acked, 400);
  assert.is(outcome.accounting.failed, 0);
  // 1,000/s makes chunks of 20 slots, dealt alternately: 10 chunks, 200 slots each.
  assert.equal([...outcome.accounting.ackedSlotsByProducer()].map(([id, slots]) => [id, slots.size, slots.gaps()]), [[0, 200, 0], [1, 200, 0]]);
  assert.is(clock.pending, 0);
});

test('a thread that fails before it is ready fails the run with its own message and exit code', async () => {
  const { options } = setup({ rate: '1000', count: '400' }, 'refuse');
  const err = await startNativeLoad(options).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof LoadgenError, String(err));
  assert.is(err.exitCode, 1);
  assert.is(err.message, 'cannot reach Kafka at fake:9092 within 10 ms (refused)');
});

test('a thread that fails mid-run: the others stop and drain; its in-flight records fail with the reason, status aborted', async () => {
  const { clock, options } = setup({ rate: '1000', count: '100000' }, 'crash');
  const run = await startNativeLoad(options);
  const outcome = await driveUntilSettled(clock, run.done);
  assert.is(outcome.status, 'aborted');
  assert.is(outcome.failure, 'a producer thread failed: librdkafka fatal error: simulated');
  const { produced, acked, failed } = outcome.accounting;
  // Thread 1 sent two chunks of 20 that were never acked; thread 0's were all acked, and it stopped early.
  assert.is(failed, 40);
  assert.is(produced, acked + failed);
  assert.ok(produced < 100_000, `${produced} produced`);
  assert.equal([...outcome.accounting.failures], [['in flight when a producer thread failed: librdkafka fatal error: simulated', 40]]);
  assert.is(clock.pending, 0);
});

test('a stalled cluster: no report for message.timeout.ms + 5 s aborts the run, in flight counted failed', async () => {
  const { clock, options } = setup({ rate: '100', count: '100000' }, 'none');
  const run = await startNativeLoad(options);
  const outcome = await driveUntilSettled(clock, run.done);
  assert.is(outcome.status, 'aborted');
  assert.ok(outcome.durationS > 6 && outcome.durationS < 7.5, `${outcome.durationS} s`);
  const { produced, failed, acked } = outcome.accounting;
  assert.ok(produced > 0 && acked === 0 && failed === produced, `${produced} produced, ${failed} failed`);
  assert.equal([...outcome.accounting.failures], [['no delivery report for 6 s: the cluster stopped answering', produced]]);
  assert.is(outcome.abandoned, produced);
  assert.is(clock.pending, 0);
});

test('in-flight limit: with nothing acknowledged the budget stops rising near the limit', async () => {
  const limit = 100;
  const { clock, options } = setup({ rate: '1000', count: '100000' }, 'none', { inFlightHighWater: limit });
  const run = await startNativeLoad(options);
  // Ten fake seconds would allow 10,000 records; the limit holds it near 100 (the threads' in-flight counts
  // are read from shared memory, not from their ticks).
  for (let i = 0; i < 100; i++) {
    clock.advance(100_000);
    await sleep(2);
  }
  // The count comes from the threads' ticks: wait (real time) until it stays put.
  let produced = -1;
  for (let stable = 0; stable < 5; await sleep(50)) {
    const now = run.snapshot().accounting.produced;
    stable = now === produced ? stable + 1 : 0;
    produced = now;
  }
  run.stop();
  const outcome = await driveUntilSettled(clock, run.done);
  // 1,000/s: chunks of 20; once over the limit nothing more is allowed, but up to 4 chunks beyond those sent
  // may have been allowed just before.
  assert.ok(produced > limit && produced <= limit + 4 * 20 + 20, `${produced} produced`);
  assert.is(outcome.status, 'aborted');
});

test('each thread gets its share of loadgen\'s client-queue bounds; bounds the user set stay per producer', () => {
  // [user -X, threads, expected per-thread messages, kbytes]
  const cases: [string[], number, string, string][] = [
    [[], 1, '100000', '65536'],
    [[], 8, '12500', '8192'],
    [[], 64, '1563', '4096'], // kbytes at its floor
    [['queue.buffering.max.messages=5000'], 8, '5000', '8192'],
    [['queue.buffering.max.kbytes=1024'], 2, '50000', '1024'],
  ];
  for (const [X, threads, messages, kbytes] of cases) {
    const config = resolveRunConfig({ X }, { env: {}, nowMs: 0, randomU32: () => 1 });
    const p = threadProperties(config, threads);
    assert.equal([p['queue.buffering.max.messages'], p['queue.buffering.max.kbytes']], [messages, kbytes], `${X.join(' ')} x${threads}`);
    assert.is(p['acks'], 'all');
  }
});

test.run();

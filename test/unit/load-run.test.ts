// The run's timing on fake time, with real generator threads and a fake producer: the stall abort, the
// in-flight limit, the flush deadline and generator failures end the run exactly as designed, every
// produced event ends acked or failed, and no timer is left behind.
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startLoad, type LoadRunOptions } from '../../src/run/load-run.js';
import type { Delivery, EventProducer } from '../../src/engine/event-producer.js';
import { resolveRunConfig, type RunFlags } from '../../src/config/run-config.js';
import { LoadgenError } from '../../src/errors.js';
import { DEFAULT_SCHEMAS_DIR } from '../../src/events/schema-registry.js';
import { DEFAULT_SCENARIO } from '../../src/model/scenario.js';
import { FakeTimerClock } from '../support/fake-clock.js';

/** A producer whose deliveries the test decides: all acked at the next poll, or never reported. */
class FakeProducer implements EventProducer {
  private handler: ((d: Delivery) => void) | undefined;
  private queued: { topic: string; partition: number }[] = [];
  connected = false;
  disconnected = false;
  constructor(
    private readonly clock: FakeTimerClock,
    private readonly acks: 'on-poll' | 'never',
  ) {}
  async connect(): Promise<void> {
    this.connected = true;
  }
  partitions(): number {
    return 2;
  }
  send(topic: string, partition: number): 'queued' {
    this.queued.push({ topic, partition });
    return 'queued';
  }
  poll(): void {
    if (this.acks === 'never') return;
    for (const { topic, partition } of this.queued.splice(0)) this.handler?.({ topic, partition, offset: 0, error: null });
  }
  onDelivery(handler: (d: Delivery) => void): void {
    this.handler = handler;
  }
  /** A flush that delivers nothing takes its whole timeout, in fake time. */
  async flush(timeoutMs: number): Promise<void> {
    this.poll();
    if (this.acks === 'never') this.clock.advance(timeoutMs * 1000);
  }
  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
}

function setup(flags: RunFlags, acks: 'on-poll' | 'never', extra: Partial<LoadRunOptions> = {}) {
  const clock = new FakeTimerClock(Date.now() * 1000);
  const producer = new FakeProducer(clock, acks);
  const config = resolveRunConfig({ workers: '1', consumer: false, seed: '1', ...flags }, { env: {}, nowMs: Date.now(), randomU32: () => 1 });
  const options: LoadRunOptions = { config, scenario: DEFAULT_SCENARIO, schemasDir: DEFAULT_SCHEMAS_DIR, onProgress: () => undefined, clock, producer, ...extra };
  return { clock, producer, options };
}

test('baseline: every event acked, status complete, the run as long as its schedule, no timer left', async () => {
  const { clock, producer, options } = setup({ rate: '100', count: '50' }, 'on-poll');
  const outcome = await (await startLoad(options)).done;
  assert.is(outcome.status, 'complete');
  assert.is(outcome.accounting.produced, 50);
  assert.is(outcome.accounting.acked, 50);
  assert.is(outcome.abandoned, 0);
  // Slot 49 is due 0.49 s after slot 0.
  assert.ok(outcome.durationS >= 0.49 && outcome.durationS < 0.6, `${outcome.durationS} s`);
  assert.is(clock.pending, 0);
  assert.ok(producer.disconnected);
});

test('stall abort: no delivery report for message.timeout.ms + 5 s ends the run "aborted" with everything in flight failed', async () => {
  const { clock, options } = setup({ rate: '20', duration: '60s', X: 'message.timeout.ms=1000' }, 'never');
  const outcome = await (await startLoad(options)).done;
  assert.is(outcome.status, 'aborted');
  // The once-a-second monitor sees 6 s without a settled record at its 7th tick.
  assert.ok(outcome.durationS > 6 && outcome.durationS < 7.1, `${outcome.durationS} s`);
  const produced = outcome.accounting.produced;
  assert.ok(produced >= 6 * 20 && produced <= 7 * 20 + 1, `${produced} produced`);
  assert.is(outcome.abandoned, produced);
  assert.equal([...outcome.accounting.failures], [['no delivery report for 6 s: the cluster stopped answering', produced]]);
  assert.is(clock.pending, 0);
});

test('flush deadline: what is still unreported message.timeout.ms + 5 s after the last send is counted failed', async () => {
  const { clock, options } = setup({ rate: '100', count: '50', X: 'message.timeout.ms=2000' }, 'never');
  const outcome = await (await startLoad(options)).done;
  assert.is(outcome.status, 'complete');
  assert.is(outcome.accounting.produced, 50);
  assert.is(outcome.accounting.failed, 50);
  assert.equal([...outcome.accounting.failures], [['not delivered before shutdown', 50]]);
  // 0.49 s of sending, then 7 s of flushing in 500 ms steps.
  assert.ok(outcome.durationS >= 7.49 && outcome.durationS < 8.1, `${outcome.durationS} s`);
  assert.is(clock.pending, 0);
});

test('in-flight limit: with nothing acknowledged the budget stops rising, so sending stops near the limit', async () => {
  const limit = 30;
  // 1,000/s makes chunks of 20 slots; the sender may hold a few chunks beyond the limit (4 buffered).
  const { options } = setup({ rate: '1000', duration: '10s' }, 'never', { inFlightHighWater: limit });
  const run = await startLoad(options);
  let last = -1;
  // Sending stops once nothing more is allowed: wait (real time) until the count stays put.
  for (let stable = 0; stable < 5; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const produced = run.snapshot().accounting.produced;
    stable = produced === last ? stable + 1 : 0;
    last = produced;
  }
  run.stop();
  const outcome = await run.done;
  assert.ok(last > limit && last <= limit + 1 + 5 * 20, `${last} produced (10,000 without the limit)`);
  assert.is(outcome.accounting.produced, last);
  assert.is(outcome.abandoned, last);
  assert.is(outcome.status, 'interrupted');
});

test('a generator thread that fails before it is ready: the run fails at once with its message (exit 1), producer closed', async () => {
  const generatorFile = fileURLToPath(new URL('../support/failing-generator-at-start.js', import.meta.url));
  const { producer, options } = setup({ rate: '100', count: '50' }, 'on-poll', { generatorFile });
  const err = await startLoad(options).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof LoadgenError, String(err));
  assert.is(err.exitCode, 1);
  assert.match(err.message, /^a generator thread failed: simulated failure at start/);
  assert.ok(producer.disconnected);
});

test('schemas that cannot be read: a usage error (exit 2) naming the directory, before anything connects', async () => {
  const { producer, options } = setup({ rate: '100', count: '50' }, 'on-poll', { schemasDir: '/nonexistent-schemas' });
  const err = await startLoad(options).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof LoadgenError, String(err));
  assert.is(err.exitCode, 2);
  assert.match(err.message, /nonexistent-schemas/);
  assert.not.ok(producer.connected);
});

test('a generator thread that fails mid-run: the run fails with its message, the producer closed, no timer left', async () => {
  const generatorFile = fileURLToPath(new URL('../support/failing-generator.js', import.meta.url));
  const { clock, producer, options } = setup({ rate: '100', duration: '60s' }, 'on-poll', { generatorFile });
  const run = await startLoad(options);
  const err = await run.done.then(() => null, (e: unknown) => e);
  assert.ok(err instanceof LoadgenError, String(err));
  assert.is(err.message, 'a generator thread failed: simulated generator bug');
  assert.ok(producer.disconnected);
  assert.is(clock.pending, 0);
});

test.run();

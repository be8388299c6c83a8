// The measuring consumer's threads (src/consumer/native-measure.ts, workers/consumer.ts) against a mock
// cluster: every record of the run counted once whether one thread or several read the partitions, the
// end-of-run drain up to the end offsets, the one-second interval logs adding up to the whole-run
// histograms, and only what arrived after the start being measured.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startNativeMeasure } from '../../src/consumer/native-measure.js';
import { readIntervalLog } from '../../src/engine/interval-log.js';
import { systemClock } from '../../src/engine/clock.js';
import { batchOf, mockProducer, produceAll, runId } from '../support/native.js';

const TOPICS = ['nm-a', 'nm-b', 'nm-c'];

async function measureRun(threads: number) {
  const producer = mockProducer(TOPICS, [3, 2, 1]);
  const brokers = producer.mockBootstraps() as string;
  const run = runId(`nm${threads}`);
  // Records already there before the measurement starts are not the run's: it reads from the ends.
  await produceAll(producer, batchOf(Array.from({ length: 50 }, (_, i) => ({ topic: i % 3, key: `old-${i}`, value: 'old' }))), { runId: run, producerId: 1, slotBase: 90_000, max: true });
  const m = await startNativeMeasure({ brokers, timeoutMs: 10_000, topics: TOPICS, runId: run, from: 'now', clock: systemClock, threads });
  try {
    m.setBase(Date.now());
    const records = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ topic: i % 3, key: `${tag}-${i}`, value: `value ${i}` }));
    await produceAll(producer, batchOf(records(600, 'p0')), { runId: run, producerId: 0, slotBase: 0, max: true });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // into the next second: two intervals at least
    await produceAll(producer, batchOf(records(400, 'p1')), { runId: run, producerId: 1, slotBase: 0, max: true });
    const result = await m.finish(10_000);
    return { result, run };
  } finally {
    await m.stop();
    producer.close();
  }
}

for (const threads of [1, 3]) {
  test(`${threads} thread(s): every record of the run once, drained, intervals adding up to the whole run`, async () => {
    const { result, run } = await measureRun(threads);
    assert.is(result.drained, true);
    assert.is(result.integrity.runId, run);
    assert.equal(result.integrity.counts(), { received: 1000, duplicates: 0, out_of_order: 0, foreign: 0, unstamped: 0 });
    const slots = result.integrity.receivedSlots();
    assert.equal([slots.get(0)?.size, slots.get(0)?.gaps(), slots.get(1)?.size, slots.get(1)?.max], [600, 0, 400, 399]);
    assert.is(result.messages, 1000);
    assert.is(result.latency.overall('e2e').totalCount, 1000);
    assert.is(result.latency.overall('e2e_uncorrected').totalCount, 1000);
    assert.equal([...result.latency.topics('e2e').keys()].sort(), TOPICS);
    assert.equal(result.resets, []);
    for (const metric of ['e2e', 'e2e_uncorrected'] as const) {
      const intervals = readIntervalLog(result.logs[metric].render(metric));
      assert.ok(intervals.length >= 2, `${intervals.length} intervals`);
      assert.is(intervals.reduce((sum, i) => sum + i.histogram.totalCount, 0), 1000, metric);
      intervals.forEach((interval, i) => {
        assert.is(interval.startS, i, `interval ${i} starts at a whole second`);
      });
    }
  });
}

test('a measurement with no run id adopts the first run it sees, reading with one thread', async () => {
  const producer = mockProducer(['nm-adopt'], [4]);
  try {
    const m = await startNativeMeasure({ brokers: producer.mockBootstraps() as string, timeoutMs: 10_000, topics: ['nm-adopt'], runId: null, from: 'now', clock: systemClock, threads: 4 });
    const run = runId('nm-adopt');
    await produceAll(producer, batchOf(Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: 'v' }))), { runId: run, producerId: 2, slotBase: 0, max: true });
    const result = await m.finish(10_000);
    assert.is(result.integrity.runId, run);
    assert.is(result.integrity.counts().received, 100);
  } finally {
    producer.close();
  }
});

test('from the beginning, an empty partition counts as read: drained at once; stop() afterwards gives the same result', async () => {
  const producer = mockProducer(['nm-empty', 'nm-full'], [2, 1]);
  try {
    const run = runId('nm-empty');
    await produceAll(producer, batchOf(Array.from({ length: 30 }, (_, i) => ({ topic: 1, key: `k${i}`, value: 'v' }))), { runId: run, producerId: 0, slotBase: 0, max: true });
    const m = await startNativeMeasure({ brokers: producer.mockBootstraps() as string, timeoutMs: 10_000, topics: ['nm-empty', 'nm-full'], runId: run, from: 'beginning', clock: systemClock, threads: 2 });
    const started = Date.now();
    const first = await m.finish(20_000);
    assert.ok(Date.now() - started < 10_000, 'finish waited for partitions with nothing to read');
    assert.is(first.drained, true);
    assert.is(first.integrity.counts().received, 30);
    const again = await m.stop();
    assert.is(again, first);
  } finally {
    producer.close();
  }
});

test.run();

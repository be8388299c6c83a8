// A producer thread's tally and the coordinator's totals, exactly: produce and poll results (as the native
// addon returns them) become per-topic counts, failures by reason, acks per second, acked slots and
// latency histograms; ticks carry the deltas, and their sum at the coordinator is the thread's whole run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PollResult, ProduceResult } from '../../src/kafka/native-producer.js';
import { LatencyRecorder, decode } from '../../src/engine/histograms.js';
import { RunTotals } from '../../src/engine/run-totals.js';
import { ThreadTally } from '../../src/engine/thread-tally.js';

const TOPICS = ['product-clicks', 'purchases'];
const START_US = 1_767_225_600_000_000;

function produced(topics: number[], delaysUs: number[], extra: Partial<ProduceResult> = {}): ProduceResult {
  return {
    status: 'done', next: { record: topics.length, offset: 0 }, dueUs: null, queued: topics.length, topic: Uint8Array.from(topics),
    publishDelayUs: Float64Array.from(delaysUs), inFlight: topics.length, failed: 0, failedByTopic: new Uint32Array(2), failures: {}, ...extra,
  };
}

function polled(acks: { slot: number; topic: number; ackUs: number; uncorrectedUs: number; bytes: number }[], nowUs: number, extra: Partial<PollResult> = {}): PollResult {
  const ackedByTopic = new Uint32Array(2);
  const ackedBytesByTopic = new Float64Array(2);
  for (const a of acks) {
    ackedByTopic[a.topic] = (ackedByTopic[a.topic] ?? 0) + 1;
    ackedBytesByTopic[a.topic] = (ackedBytesByTopic[a.topic] ?? 0) + a.bytes;
  }
  return {
    acked: acks.length, nowUs, slot: Float64Array.from(acks.map((a) => a.slot)), topic: Uint8Array.from(acks.map((a) => a.topic)),
    ackUs: Float64Array.from(acks.map((a) => a.ackUs)), ackUncorrectedUs: Float64Array.from(acks.map((a) => a.uncorrectedUs)),
    ackedByTopic, ackedBytesByTopic, inFlight: 0, lastError: null, fatal: null, failed: 0, failedByTopic: new Uint32Array(2), failures: {}, ...extra,
  };
}

test('produce and poll results become counts, acked slots, per-second acks and histograms', () => {
  const tally = new ThreadTally(3, TOPICS, START_US);
  tally.produced(produced([0, 0, 1], [0, 10, 2000]));
  assert.is(tally.inFlight, 3);
  // Two acked 1.5 s after the start, one failed in the same poll. (Values under 2,048 us are exact in a
  // 3-digit HdrHistogram.)
  tally.polled(polled([{ slot: 0, topic: 0, ackUs: 1800, uncorrectedUs: 1790, bytes: 300 }, { slot: 2, topic: 1, ackUs: 2000, uncorrectedUs: 1995, bytes: 900 }], START_US + 1_500_000, {
    failed: 1, failedByTopic: Uint32Array.from([1, 0]), failures: { 'Broker: Not enough replicas': 1 },
  }));
  const tick = tally.tick();
  assert.equal(tick.topics, [{ produced: 2, acked: 1, failed: 1, bytes: 300 }, { produced: 1, acked: 1, failed: 0, bytes: 900 }]);
  assert.equal(tick.failures, [['Broker: Not enough replicas', 1]]);
  assert.equal(tick.perSecond, [[1, 2]]);
  assert.is(tick.worker, 3);
  assert.is(decode(tick.intervals.publish_delay).totalCount, 3);
  assert.is(decode(tick.intervals.publish_delay).maxValue, 2000);
  assert.is(decode(tick.intervals.ack).maxValue, 2000);
  assert.is(decode(tick.intervals.ack_uncorrected).minNonZeroValue, 1790);
  assert.equal([...tally.latency.topics('ack').keys()].sort(), ['product-clicks', 'purchases']);
  assert.ok(tally.ackedSlots.has(0) && tally.ackedSlots.has(2) && !tally.ackedSlots.has(1));
  // The next tick carries only what happened since.
  const empty = tally.tick();
  assert.equal(empty.topics, [{ produced: 0, acked: 0, failed: 0, bytes: 0 }, { produced: 0, acked: 0, failed: 0, bytes: 0 }]);
  assert.equal(empty.perSecond, []);
  assert.is(decode(empty.intervals.ack).totalCount, 0);
});

test('records queued count in the second their produceChunk() returned, apart from when their acks come', () => {
  const tally = new ThreadTally(0, TOPICS, START_US);
  tally.produced(produced([0, 0, 1], [0, 0, 0]), 0, START_US + 999_000);
  // One of two records refused outright: only the queued one counts as sent.
  tally.produced(produced([0, 1], [0, 0], { queued: 1 }), 3, START_US + 1_000_000);
  tally.produced(produced([], []), 5, START_US + 2_500_000);
  // Their acks come in the next seconds: those count by when they came, the sends do not move.
  tally.polled(polled([{ slot: 0, topic: 0, ackUs: 1500, uncorrectedUs: 1500, bytes: 1 }], START_US + 1_000_500));
  const tick = tally.tick();
  assert.equal(tick.sentPerSecond, [[0, 3], [1, 1]]);
  assert.equal(tick.perSecond, [[1, 1]]);
  tally.produced(produced([1], [0]), 5, START_US + 1_200_000);
  assert.equal(tally.tick().sentPerSecond, [[1, 1]], 'each tick carries what was queued since the one before');
  const totals = new RunTotals(TOPICS);
  totals.absorb(tick);
  assert.equal(totals.sentPerSecond, [3, 1]);
});

test('after purge, failures count under the run\'s reason; abandoned records fail with theirs', () => {
  const tally = new ThreadTally(0, TOPICS, START_US);
  tally.produced(produced([0, 1, 1], [0, 0, 0]));
  tally.polled(polled([], START_US, { failed: 2, failedByTopic: Uint32Array.from([1, 1]), failures: { 'Local: Purged in queue': 2 }, inFlight: 1 }), 'not delivered before shutdown');
  tally.abandon(1, 'not delivered before shutdown', 1);
  const tick = tally.tick();
  assert.equal(tick.failures, [['not delivered before shutdown', 3]]);
  assert.equal(tick.topics.map((t) => t.failed), [1, 2]);
  assert.is(tick.inFlight, 0);
});

test('QUEUE_FULL answers and the client\'s error reach the tick', () => {
  const tally = new ThreadTally(0, TOPICS, START_US);
  tally.produced(produced([0], [0], { status: 'queue_full' }));
  tally.polled(polled([], START_US, { lastError: 'all broker connections are down' }));
  const tick = tally.tick();
  assert.is(tick.queueFull, 1);
  assert.is(tick.clusterError, 'all broker connections are down');
});

test('the coordinator\'s totals: ticks of two threads add up; finish() adds histograms and slots per producer id', () => {
  const totals = new RunTotals(TOPICS);
  const threads = [new ThreadTally(0, TOPICS, START_US), new ThreadTally(1, TOPICS, START_US)];
  threads.forEach((tally, worker) => {
    tally.produced(produced([0, 1], [100, 200]));
    tally.polled(polled([{ slot: 0, topic: 0, ackUs: 1000 + worker, uncorrectedUs: 900, bytes: 10 }], START_US + 2_100_000, { inFlight: 1 }));
    totals.absorb(tally.tick());
  });
  assert.is(totals.produced, 4);
  assert.is(totals.acked, 2);
  assert.is(totals.inFlight, 2);
  assert.is(totals.bytes, 20);
  assert.equal(totals.perSecond, [0, 0, 2]);
  assert.is(totals.takeInterval('publish_delay').totalCount, 4);
  assert.is(totals.takeInterval('publish_delay').totalCount, 0, 'taken once');
  const latency = new LatencyRecorder();
  threads.forEach((tally, worker) => {
    tally.polled(polled([{ slot: 1, topic: 1, ackUs: 3000, uncorrectedUs: 2000, bytes: 5 }], START_US + 3_000_000));
    totals.finish({
      worker, histograms: { ack: tally.latency.encodedTopics('ack') }, segments: {}, ackedSlots: tally.ackedSlots.encode(), finalTick: tally.tick(), ticksPosted: 1,
    }, latency);
  });
  assert.is(totals.acked, 4);
  assert.is(totals.inFlight, 0);
  assert.equal(totals.perSecond, [0, 0, 2, 2]);
  assert.equal([...totals.ackedSlotsByProducer().keys()], [0, 1]);
  assert.is(totals.ackedSlotsByProducer().get(1)?.size, 2);
  assert.is(latency.overall('ack').totalCount, 4);
  assert.is(latency.topics('ack').get('product-clicks')?.maxValue, 1001);
  assert.equal(totals.ticks, new Map([[0, 2], [1, 2]]));
});

test.run();

// The sender with a fake clock and a fake producer: exact, no broker. Records go out at their intended times
// in slot order, a late chunk is sent late (never skipped) and its lateness recorded, and QUEUE_FULL is
// retried without dropping or duplicating anything.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DeliveryAccounting } from '../../src/engine/accounting.js';
import { BatchWriter } from '../../src/events/batch.js';
import { LatencyRecorder, newHistogram, type Histogram } from '../../src/engine/histograms.js';
import type { Schedule } from '../../src/engine/pacer.js';
import { steadySchedule } from '../support/schedules.js';
import type { Delivery, EventProducer, Header } from '../../src/engine/event-producer.js';
import { Sender, settleDeliveries } from '../../src/engine/sender.js';
import type { Clock } from '../../src/engine/clock.js';

const TOPICS = ['product-clicks', 'purchases'];
const T0_MS = 1_767_225_600_000;

class FakeClock implements Clock {
  us = T0_MS * 1000;
  nowUs(): number {
    return this.us;
  }
  // Time passes only when the sender waits: a zero wait still costs 10 us, as a turn of the event loop would.
  sleep(ms: number): Promise<void> {
    this.us += Math.max(ms * 1000, 10);
    return new Promise((resolve) => setImmediate(resolve));
  }
}

interface Sent {
  topic: string;
  partition: number;
  key: string;
  value: string | null;
  timestampMs: number;
  headers: Header[];
  atUs: number;
}

class FakeProducer implements EventProducer {
  sent: Sent[] = [];
  pushBack = 0; // how many of the next send() calls answer queue_full
  tooLarge = new Set<string>(); // values the client refuses outright
  private handler: ((d: Delivery) => void) | undefined;
  constructor(private readonly clock: FakeClock) {}
  async connect(): Promise<void> {}
  partitions(): number {
    return 3;
  }
  send(topic: string, partition: number, value: Buffer | null, key: Buffer, timestampMs: number, headers: Header[]): 'queued' | 'queue_full' | { rejected: string } {
    if (value && this.tooLarge.has(value.toString())) return { rejected: 'Broker: Message size too large (message.max.bytes)' };
    if (this.pushBack > 0) {
      this.pushBack--;
      return 'queue_full';
    }
    this.sent.push({ topic, partition, key: key.toString(), value: value?.toString() ?? null, timestampMs, headers, atUs: this.clock.us });
    return 'queued';
  }
  poll(): void {}
  onDelivery(handler: (d: Delivery) => void): void {
    this.handler = handler;
  }
  ackAll(): void {
    for (const s of this.sent) this.handler?.({ topic: s.topic, partition: s.partition, offset: 0, error: null });
  }
  /** The delivery report of one sent record: acked, or failed with `error`. */
  report(s: Sent, error: Delivery['error'] = null): void {
    this.handler?.({ topic: s.topic, partition: s.partition, offset: error ? -1 : 0, error });
  }
  async flush(): Promise<void> {}
  async disconnect(): Promise<void> {}
}

/** A chunk of `count` records for slots first.. at `rate`/s: value "v<slot>", key "k<slot>". */
function chunk(first: number, count: number, rate: number): ArrayBuffer {
  const w = new BatchWriter(4096, true);
  for (let i = 0; i < count; i++) w.append((first + i) % 2, 0, T0_MS + ((first + i) * 1000) / rate, `k${first + i}`, `v${first + i}`);
  return w.finish();
}

function setup(schedule: Schedule) {
  const clock = new FakeClock();
  const producer = new FakeProducer(clock);
  const accounting = new DeliveryAccounting(TOPICS, clock.us);
  const latency = new LatencyRecorder();
  settleDeliveries(producer, accounting, latency, clock);
  const sender = new Sender({ producer, accounting, latency, topics: TOPICS, schedule, runId: 'r1', producerId: 0, clock });
  return { clock, producer, accounting, latency, sender };
}

const steady = (rate: number, count: number): Schedule => steadySchedule(rate, { count });

/** The values a histogram holds, ascending, each as its bucket's highest equivalent value (3 digits). */
const recorded = (h: Histogram | undefined) => (h ? Array.from({ length: h.totalCount }, (_, k) => h.getValueAtPercentile((100 * (k + 1)) / h.totalCount)) : []);
/** `recorded` of a histogram holding exactly `values`. */
const holding = (values: number[]) => {
  const h = newHistogram();
  for (const v of values) h.recordValue(v);
  return recorded(h);
};

test('records go out in slot order, each at (not before) its intended time, with the lg header', async () => {
  const { producer, sender, latency } = setup(steady(100, 20));
  sender.accept({ kind: 'batch', worker: 0, chunk: 0, firstSlot: 0, count: 10, buffer: chunk(0, 10, 100) });
  sender.accept({ kind: 'batch', worker: 1, chunk: 1, firstSlot: 10, count: 10, buffer: chunk(10, 10, 100) });
  await sender.run(20);
  assert.equal(producer.sent.map((s) => s.value), Array.from({ length: 20 }, (_, i) => `v${i}`));
  producer.sent.forEach((s, i) => {
    const intendedUs = (T0_MS + i * 10) * 1000;
    assert.ok(s.atUs >= intendedUs, `slot ${i} sent early`);
    assert.ok(s.atUs - intendedUs < 1500, `slot ${i} sent ${s.atUs - intendedUs} us late`);
    assert.is(s.timestampMs, T0_MS + i * 10, 'record timestamp = intended time');
    assert.is(s.headers[0]?.['lg'], `r1/0/${i}/${intendedUs}/${s.atUs}`);
  });
  assert.is(latency.overall('publish_delay').totalCount, 20);
});

test('a chunk that arrives late is sent late, never skipped, and its lateness is the publish delay', async () => {
  const { clock, producer, sender, latency } = setup(steady(1000, 20));
  sender.accept({ kind: 'batch', worker: 0, chunk: 0, firstSlot: 0, count: 10, buffer: chunk(0, 10, 1000) });
  const running = sender.run(20);
  // Chunk 1 (slots 10-19, due at 10-19 ms) turns up only at 500 ms.
  while (clock.us < (T0_MS + 500) * 1000) await clock.sleep(5);
  sender.accept({ kind: 'batch', worker: 1, chunk: 1, firstSlot: 10, count: 10, buffer: chunk(10, 10, 1000) });
  await running;
  assert.is(producer.sent.length, 20);
  assert.ok(sender.stalls > 0);
  const maxDelayMs = latency.overall('publish_delay').maxValue / 1000;
  assert.ok(maxDelayMs >= 480 && maxDelayMs < 600, `max publish delay ${maxDelayMs} ms`);
});

test('each ack records ack - intended (corrected) and ack - actual (uncorrected) under its topic; a failure records neither', async () => {
  const { clock, producer, sender, latency } = setup(steady(1000, 6));
  sender.accept({ kind: 'batch', worker: 0, chunk: 0, firstSlot: 0, count: 3, buffer: chunk(0, 3, 1000) });
  const running = sender.run(6);
  // Chunk 1 (slots 3-5, due at 3-5 ms) turns up only at 20 ms: they go out late, so the two latencies differ.
  while (clock.us < (T0_MS + 20) * 1000) await clock.sleep(1);
  sender.accept({ kind: 'batch', worker: 1, chunk: 1, firstSlot: 3, count: 3, buffer: chunk(3, 3, 1000) });
  await running;
  assert.is(producer.sent.length, 6);
  // Reports at 30 ms + 250 us per record, in send order; slot 4's is a failure.
  const ackUs = (slot: number) => (T0_MS + 30) * 1000 + 250 * slot;
  producer.sent.forEach((s, slot) => {
    clock.us = ackUs(slot);
    producer.report(s, slot === 4 ? { code: -192, message: 'Local: Message timed out' } : null);
  });
  // Corrected: ack - intended, the intended time being slot ms after T0: 30,000 + 250 * slot - 1,000 * slot us.
  // Slots 0, 2, 4 are product-clicks, 1, 3, 5 purchases (chunk() alternates the topic); 4 failed.
  assert.equal(recorded(latency.topics('ack').get('product-clicks')), holding([30_000, 28_500]));
  assert.equal(recorded(latency.topics('ack').get('purchases')), holding([29_250, 27_750, 26_250]));
  // Uncorrected: ack - actual, the actual send time being what the producer saw.
  const sentUs = producer.sent.map((s) => s.atUs);
  assert.ok(sentUs[3]! >= (T0_MS + 20) * 1000, 'the late chunk went out late');
  const uncorrected = (slots: number[]) => holding(slots.map((slot) => ackUs(slot) - sentUs[slot]!));
  assert.equal(recorded(latency.topics('ack_uncorrected').get('product-clicks')), uncorrected([0, 2]));
  assert.equal(recorded(latency.topics('ack_uncorrected').get('purchases')), uncorrected([1, 3, 5]));
  assert.is.not(recorded(latency.overall('ack')).join(), recorded(latency.overall('ack_uncorrected')).join());
});

test('QUEUE_FULL is backpressure: retried until accepted, nothing dropped or sent twice', async () => {
  const { producer, sender, accounting } = setup(steady(1000, 30));
  producer.pushBack = 7;
  sender.accept({ kind: 'batch', worker: 0, chunk: 0, firstSlot: 0, count: 30, buffer: chunk(0, 30, 1000) });
  await sender.run(30);
  assert.is(sender.queueFull, 7);
  assert.equal(producer.sent.map((s) => s.key), Array.from({ length: 30 }, (_, i) => `k${i}`));
  assert.is(accounting.produced, 30);
  producer.ackAll();
  assert.is(accounting.acked, 30);
  assert.is(accounting.inFlight, 0);
});

test('a record the client refuses outright (too large) is counted failed with the reason; the rest go on', async () => {
  const { producer, sender, accounting } = setup(steady(1000, 10));
  producer.tooLarge.add('v3');
  sender.accept({ kind: 'batch', worker: 0, chunk: 0, firstSlot: 0, count: 10, buffer: chunk(0, 10, 1000) });
  await sender.run(10);
  assert.is(producer.sent.length, 9);
  producer.ackAll();
  assert.equal([accounting.produced, accounting.acked, accounting.failed, accounting.inFlight], [10, 9, 1, 0]);
  assert.equal([...accounting.failures], [['Broker: Message size too large (message.max.bytes)', 1]]);
});

test('stop() ends the run between records; what was sent is accounted for', async () => {
  const { producer, sender, accounting, clock } = setup(steady(100, 1000));
  sender.accept({ kind: 'batch', worker: 0, chunk: 0, firstSlot: 0, count: 1000, buffer: chunk(0, 1000, 100) });
  const running = sender.run(1000);
  while (clock.us < (T0_MS + 95) * 1000) await clock.sleep(5);
  sender.stop();
  await running;
  assert.ok(producer.sent.length >= 9 && producer.sent.length <= 12, `${producer.sent.length} sent`);
  assert.is(accounting.produced, producer.sent.length);
});

test.run();

// The measuring consumer's ending on fake time, with a fake node-rdkafka consumer: finish() reports
// drained: true once it has read up to every partition's end offset, and drained: false when the drain
// timeout passes first; its interval ticker runs on the injected clock and is gone afterwards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type Kafka from 'node-rdkafka';
import { startRdkafkaMeasure as startMeasure } from '../../src/consumer/rdkafka-measure.js';
import { formatStamp } from '../../src/events/record-header.js';
import { FakeTimerClock } from '../support/fake-clock.js';

const TOPIC = 'product-clicks';

/** One partition whose end offset the test sets, and a flowing consume() the test feeds. */
function fakeKafka(high: number) {
  let deliver: ((err: null, message: Kafka.Message) => void) | undefined;
  class FakeConsumer {
    on(): this {
      return this;
    }
    connect(_: unknown, cb: (err: null, metadata: unknown) => void): void {
      cb(null, { topics: [{ name: TOPIC, partitions: [{ id: 0 }] }] });
    }
    assign(): void {}
    setDefaultConsumeTimeout(): void {}
    setDefaultConsumeLoopTimeoutDelay(): void {}
    consume(cb: (err: null, message: Kafka.Message) => void): void {
      deliver = cb;
    }
    queryWatermarkOffsets(_t: string, _p: number, _timeout: number, cb: (err: null, offsets: { highOffset: number }) => void): void {
      cb(null, { highOffset: high });
    }
    disconnect(cb: () => void): void {
      cb();
    }
  }
  const send = (offset: number, slot: number, intendedUs: number) =>
    deliver?.(null, {
      topic: TOPIC, partition: 0, offset, size: 2, value: Buffer.from('{}'), key: Buffer.from('k'), timestamp: 0,
      headers: [{ lg: Buffer.from(formatStamp({ runId: 'r1', producerId: 0, slot, intendedUs, actualUs: intendedUs })) }],
    });
  return { kafka: { KafkaConsumer: FakeConsumer } as unknown as Pick<typeof Kafka, 'KafkaConsumer'>, send };
}

async function measure(high: number) {
  const clock = new FakeTimerClock(1_767_225_600_000_000);
  const fake = fakeKafka(high);
  const m = await startMeasure(fake.kafka, { brokers: 'fake:9092', timeoutMs: 1000, topics: [TOPIC], runId: 'r1', from: 'now', clock });
  return { clock, m, send: fake.send };
}

test('drained: true once every partition was read up to its end offset', async () => {
  const { clock, m, send } = await measure(3);
  m.setBase(clock.nowUs() / 1000);
  for (let slot = 0; slot < 3; slot++) send(slot, slot, clock.nowUs() - 2000);
  const result = await m.finish(5000);
  assert.is(result.drained, true);
  assert.is(result.integrity.counts().received, 3);
  assert.is(result.latency.overall('e2e').maxValue, 2000);
  assert.is(clock.pending, 0);
});

test('drained: false when the drain timeout passes first, after exactly that long on the clock', async () => {
  const { clock, m, send } = await measure(10);
  m.setBase(clock.nowUs() / 1000);
  for (let slot = 0; slot < 4; slot++) send(slot, slot, clock.nowUs());
  const before = clock.nowUs();
  const result = await m.finish(2000);
  assert.is(result.drained, false);
  assert.is(result.integrity.counts().received, 4);
  // Waits in 20 ms steps until the deadline.
  assert.ok(clock.nowUs() - before >= 2_000_000 && clock.nowUs() - before < 2_020_001, `${clock.nowUs() - before} us`);
  // One interval per whole second since the base, on the fake clock: 0-1 s and 1-2 s, then the final part.
  assert.is(result.logs.e2e.render('x').split('\n').filter((line) => /^\d/.test(line)).length, 3);
  assert.is(clock.pending, 0);
});

test.run();

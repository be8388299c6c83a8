// End-to-end latencies are computed natively against the batch's receive time, on the producer's clock
// (CLOCK_REALTIME): corrected = receive - intended, uncorrected = receive - actual. And a poll never waits
// for a full batch: at a low rate a single record comes back as soon as it arrives, not at the timeout.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START, loadNativeAddon } from '../../src/kafka/native-producer.js';
import { Gathered, mockConsumer, pollUntil, produceRaw } from '../support/native-consumer.js';
import { batchOf, mockProducer, produceAll, runId } from '../support/native.js';

const addon = loadNativeAddon();
const jsNowUs = () => (performance.timeOrigin + performance.now()) * 1000;

test('e2e is receive - intended to the microsecond; uncorrected is receive - actual, between the send and the receive', async () => {
  const topics = ['nc-lat'];
  const producer = mockProducer(topics, [2]);
  const run = runId('nc-lat');
  const consumer = mockConsumer(producer, topics, run);
  try {
    consumer.connect(10_000);
    consumer.assign([0, 1].map((partition) => ({ topicIndex: 0, partition, offset: 0 })));
    // Every record was due 250 ms ago (a run behind schedule): intended = round(timeMs * 1000).
    const timeMs = Date.now() - 250;
    const intendedUs = Math.round(timeMs * 1000);
    const sentFromUs = jsNowUs();
    await produceAll(producer, batchOf(Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v', timeMs }))), { runId: run, producerId: 0, slotBase: 0, max: false });
    const got = await pollUntil(consumer, (g) => g.messages >= 50);
    const afterUs = jsNowUs();
    assert.is(got.counts.received, 50);
    assert.is(got.counts.negative, 0);
    got.e2eUs.forEach((e2e, i) => {
      const receivedUs = got.receivedUs[i] as number;
      assert.ok(Math.abs(e2e - (receivedUs - intendedUs)) < 1e-3, `${e2e} vs ${receivedUs - intendedUs}`);
      const uncorrected = got.e2eUncorrectedUs[i] as number;
      // actual = receive - uncorrected lies between the first send and the receive (within the clocks' agreement).
      const actualUs = receivedUs - uncorrected;
      assert.ok(actualUs >= sentFromUs - 1000 && actualUs <= receivedUs, `actual ${actualUs}, sent from ${sentFromUs}, received ${receivedUs}`);
      assert.ok(e2e >= 250_000 && e2e > uncorrected);
      // The receive time is the native clock: CLOCK_REALTIME, what JavaScript's clock reads too.
      assert.ok(receivedUs >= sentFromUs && receivedUs <= afterUs + 1000, `received ${receivedUs} outside [${sentFromUs}, ${afterUs}]`);
    });
  } finally {
    consumer.close();
    producer.close();
  }
});

test('a stamp from the future is a negative latency, counted once per value (as LatencyRecorder counts them)', async () => {
  const topics = ['nc-neg'];
  const producer = mockProducer(topics, [1]);
  const run = runId('nc-neg');
  const consumer = mockConsumer(producer, topics, run);
  try {
    consumer.connect(10_000);
    consumer.assign([{ topicIndex: 0, partition: 0, offset: 0 }]);
    const futureUs = Math.round((Date.now() + 3_600_000) * 1000);
    const pastUs = Math.round(Date.now() * 1000) - 1000;
    await produceRaw(producer.mockBootstraps() as string, 'nc-neg', [
      { headers: [{ lg: `${run}/1/0/${futureUs}/${futureUs}` }] },
      { headers: [{ lg: `${run}/1/1/${pastUs}/${futureUs}` }] },
    ]);
    const got = await pollUntil(consumer, (g) => g.messages >= 2);
    assert.is(got.counts.received, 2);
    assert.is(got.counts.negative, 3);
    assert.ok((got.e2eUs[0] as number) < -3_000_000_000);
  } finally {
    consumer.close();
    producer.close();
  }
});

test('one record at a low rate comes back as soon as it arrives, not after the poll timeout', async () => {
  const topics = ['nc-prompt'];
  const producer = mockProducer(topics, [1]);
  const run = runId('nc-prompt');
  const consumer = mockConsumer(producer, topics, run, { 'fetch.wait.max.ms': '20' });
  try {
    consumer.connect(10_000);
    consumer.assign([{ topicIndex: 0, partition: 0, offset: 0 }]);
    // Warm up: the fetcher is running and the partition is at its (empty) end.
    await pollUntil(consumer, () => false, 500);
    const waits: number[] = [];
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = producer.produceChunk(batchOf([{ key: `k${i}`, value: 'v' }]), CHUNK_START, { runId: run, producerId: 0, slotBase: i, max: true });
      assert.is(r.queued, 1);
      const start = performance.now();
      // maxMessages 10,000 and a 5 s timeout: a batch call would sit here for the full 5 s.
      const got = new Gathered();
      got.add(consumer.poll(10_000, 5000));
      const waited = performance.now() - start;
      if (got.messages === 0) got.add(consumer.poll(10_000, 5000));
      assert.is(got.messages, 1, `poll ${i}`);
      waits.push(waited);
      latencies.push(got.e2eUs[0] as number);
      producer.poll(0);
    }
    const worst = Math.max(...waits);
    if (process.env['NC_VERBOSE']) console.log(`waits ${waits.map((w) => w.toFixed(2)).join(', ')} ms; e2e ${latencies.map((l) => l.toFixed(0)).join(', ')} us`);
    assert.ok(worst < 1000, `a poll waited ${worst.toFixed(1)} ms for one record (waits ${waits.map((w) => w.toFixed(1)).join(', ')} ms)`);
    assert.ok(Math.max(...latencies) < 1_000_000, `e2e ${latencies.join(', ')} us`);
    // And with a record already there, the poll does not wait at all.
    producer.produceChunk(batchOf([{ key: 'x', value: 'v' }]), CHUNK_START, { runId: run, producerId: 0, slotBase: 100, max: true });
    await pollUntil(consumer, (g) => g.messages >= 1, 5000);
    const start = performance.now();
    const idle = consumer.poll(10_000, 0);
    assert.is(idle.messages, 0);
    assert.ok(performance.now() - start < 50);
    assert.ok(Math.abs(idle.receivedUs - addon.nowUs()) < 50_000);
  } finally {
    consumer.close();
    producer.close();
  }
});

test.run();

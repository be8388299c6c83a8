// poll(timeoutMs) waits with microsecond precision and wakes when a report arrives: a producer thread waits
// in it for its next record's intended time (a fraction of a millisecond apart at high rates) instead of
// polling in a loop, and an ack that arrives during the wait is served, and timed, at once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START } from '../../src/kafka/native-producer.js';
import { Totals, batchOf, mockProducer } from '../support/native.js';

const elapsedMs = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

test('with nothing to report, poll waits the fraction of a millisecond it is given, not a whole one or none', () => {
  const producer = mockProducer(['native-wait-idle'], [1]);
  try {
    producer.poll(0);
    for (const timeoutMs of [0.3, 2.5]) {
      const started = process.hrtime.bigint();
      const idle = producer.poll(timeoutMs);
      const waited = elapsedMs(started);
      assert.is(idle.acked, 0);
      // Never early (a condition variable's deadline); late only by what the scheduler adds.
      assert.ok(waited >= timeoutMs - 0.01, `poll(${timeoutMs}) returned after ${waited.toFixed(3)} ms`);
      assert.ok(waited < timeoutMs + 200, `poll(${timeoutMs}) returned after ${waited.toFixed(3)} ms`);
    }
  } finally {
    producer.close();
  }
});

test('a report arriving during a long wait ends it at once', () => {
  const producer = mockProducer(['native-wait-ack'], [1], { 'linger.ms': '0' });
  try {
    const r = producer.produceChunk(batchOf([{ key: 'k', value: 'v' }]), CHUNK_START, { runId: 'w', producerId: 0, slotBase: 0, max: true });
    assert.is(r.queued, 1);
    const started = process.hrtime.bigint();
    let acked = 0;
    while (acked === 0 && elapsedMs(started) < 10_000) acked += producer.poll(10_000).acked;
    const waited = elapsedMs(started);
    assert.is(acked, 1);
    // The mock cluster acks within milliseconds; a poll that slept out its 10 s timeout would fail here.
    assert.ok(waited < 5_000, `the ack was served after ${waited.toFixed(1)} ms`);
  } finally {
    producer.close();
  }
});

test('produceChunk waits for records due within its horizon, never sends one early, and holds the acks that came meanwhile for poll', async () => {
  const producer = mockProducer(['native-wait-paced'], [2], { 'linger.ms': '0' });
  try {
    // 300 records 20 us apart (50,000/s), the first due 2 ms from now: closer together than the shortest wait.
    const firstMs = Date.now() + 2;
    // A last record 60 ms later keeps the call waiting long enough for the mock cluster to ack the others.
    const records = Array.from({ length: 301 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, timeMs: i < 300 ? firstMs + i * 0.02 : firstMs + 60 }));
    const lastDueUs = (firstMs + 60) * 1000;
    const r = producer.produceChunk(batchOf(records), CHUNK_START, { runId: 'paced', producerId: 0, slotBase: 0, max: false }, 0, lastDueUs + 1000);
    assert.is(r.status, 'done');
    assert.is(r.queued, 301);
    const delays = [...r.publishDelayUs];
    assert.ok(Math.min(...delays) >= 0, `a record was sent ${-Math.min(...delays)} us early`);
    // Sent together at the end of each wait of at least 250 us: some late by up to that, none by much more
    // than a scheduler's delay.
    assert.ok(Math.max(...delays) < 100_000, `a record was sent ${Math.max(...delays)} us late`);
    // The mock cluster acked the first records while the call waited for the later ones: poll hands them over.
    const totals = new Totals();
    totals.addPoll(producer.poll(0));
    const heldAcks = totals.acked;
    assert.ok(await producer.flush(10_000, (p) => totals.addPoll(p)));
    assert.is(totals.acked, 301);
    assert.equal([...totals.slots].sort((a, b) => a - b), records.map((_, i) => i));
    assert.ok(heldAcks > 0, 'no ack was served during the wait');
  } finally {
    producer.close();
  }
});

test('a record due after the horizon ends the call as not_due, untouched', () => {
  const producer = mockProducer(['native-wait-horizon'], [1]);
  try {
    const dueMs = Date.now() + 500;
    const started = process.hrtime.bigint();
    const r = producer.produceChunk(batchOf([{ key: 'k', value: 'v', timeMs: dueMs }]), CHUNK_START, { runId: 'h', producerId: 0, slotBase: 0, max: false }, 0, (dueMs - 100) * 1000);
    assert.is(r.status, 'not_due');
    assert.is(r.queued, 0);
    assert.is(r.dueUs, dueMs * 1000);
    assert.ok(elapsedMs(started) < 100, 'it did not wait');
  } finally {
    producer.close();
  }
});

test.run();

// Delivery reports come back in aggregate: per poll, counts and typed arrays of the acked records' slots,
// topics and ack latencies (corrected: ack - intended; uncorrected: ack - actual), acked value bytes per
// topic, and what is still in flight. No JavaScript object per record.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START } from '../../src/kafka/native-producer.js';
import { type TestRecord, Totals, batchOf, mockProducer, produceAll, runId } from '../support/native.js';

test('acked slots, topics, bytes and latencies add up, and every latency is sensible', async () => {
  const topics = ['native-dr-a', 'native-dr-b', 'native-dr-c'];
  const producer = mockProducer(topics, [4, 2, 1], { 'linger.ms': '2' });
  try {
    const baseMs = Date.now() - 200;
    const records: TestRecord[] = Array.from({ length: 600 }, (_, i) => ({
      topic: i % 3,
      timeMs: baseMs + i * 0.1,
      key: `key-${i}`,
      value: i % 50 === 0 ? null : 'v'.repeat(10 + (i % 90)),
    }));
    const slotBase = 42_000;
    const startMs = Date.now();
    const totals = await produceAll(producer, batchOf(records), { runId: runId('dr'), producerId: 3, slotBase, max: false });
    assert.is(totals.acked, records.length);
    assert.is(totals.failed, 0);
    assert.is(totals.lastError, null);
    assert.is(producer.inFlight, 0);

    const byTopic = [0, 1, 2].map((t) => records.filter((r) => r.topic === t).length);
    const bytesByTopic = [0, 1, 2].map((t) => records.filter((r) => r.topic === t).reduce((sum, r) => sum + (r.value?.length ?? 0), 0));
    assert.equal(totals.ackedBytesByTopic, bytesByTopic);
    const ackedPerTopic = [0, 1, 2].map((t) => totals.ackTopics.filter((topic) => topic === t).length);
    totals.slots.forEach((slot, i) => {
      const record = records[slot - slotBase] as TestRecord;
      assert.is(totals.ackTopics[i], record.topic, `topic of slot ${slot}`);
      const corrected = totals.ackUs[i] as number;
      const uncorrected = totals.ackUncorrectedUs[i] as number;
      assert.ok(uncorrected >= 0 && uncorrected < 30e6, `uncorrected ${uncorrected}`);
      // ack - intended = (ack - actual) + (actual - intended): the record's publish delay.
      const publishDelay = totals.publishDelayUs[slot - slotBase] as number;
      assert.ok(Math.abs(corrected - uncorrected - publishDelay) < 0.01, `slot ${slot}: ${corrected} - ${uncorrected} != ${publishDelay}`);
      assert.ok(corrected >= uncorrected);
      const lateAtStartUs = (startMs - (record.timeMs as number)) * 1000;
      assert.ok(corrected >= lateAtStartUs - 1000, `slot ${slot} was due ${lateAtStartUs} us before the start, acked ${corrected} us after it was due`);
    });
    assert.equal(ackedPerTopic, byTopic);
    assert.equal([...totals.slots].sort((a, b) => a - b), records.map((_, i) => slotBase + i));
  } finally {
    producer.close();
  }
});

test('a poll with nothing to report is empty; the arrays are sized to the results', async () => {
  const producer = mockProducer(['native-dr-empty'], [1]);
  try {
    const idle = producer.poll(0);
    assert.is(idle.acked, 0);
    assert.is(idle.failed, 0);
    assert.is(idle.slot.length, 0);
    assert.is(idle.ackUs.length, 0);
    assert.equal([...idle.ackedByTopic], [0]);
    assert.is(idle.inFlight, 0);
    assert.is(idle.fatal, null);
    assert.ok(Math.abs(idle.nowUs - Date.now() * 1000) < 50_000);

    const r = producer.produceChunk(batchOf([{ key: 'a', value: 'xyz' }]), CHUNK_START, { runId: 'r', producerId: 0, slotBase: 9, max: true });
    assert.is(r.inFlight, 1);
    const totals = new Totals();
    assert.ok(await producer.flush(10_000, (p) => totals.addPoll(p)));
    assert.equal(totals.slots, [9]);
    assert.equal(totals.ackedBytesByTopic, [3]);
  } finally {
    producer.close();
  }
});

test.run();

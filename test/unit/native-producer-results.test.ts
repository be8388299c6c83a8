// produceChunk() and poll() write their results into buffers the producer keeps (src/kafka/native-results.ts):
// a result's typed arrays are views of them, sized to the call, and the next call of the same method writes
// over them. They grow for a call with more records than they hold, and nothing is lost or mixed up when
// they do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START, type PollResult } from '../../src/kafka/native-producer.js';
import { batchOf, mockProducer, runId } from '../support/native.js';

test('the next call of the same method reuses the buffers: a result is read before it, or copied', () => {
  const producer = mockProducer(['results-a', 'results-b'], [1, 1]);
  try {
    const stamp = { runId: runId('reuse'), producerId: 0, slotBase: 0, max: true };
    const first = producer.produceChunk(batchOf([{ key: 'a', value: '1', topic: 1 }, { key: 'b', value: '2', topic: 1 }]), CHUNK_START, stamp);
    const kept = [...first.topic];
    const second = producer.produceChunk(batchOf([{ key: 'c', value: '3', topic: 0 }]), CHUNK_START, { ...stamp, slotBase: 2 });
    assert.equal(kept, [1, 1]);
    assert.equal([...second.topic], [0]);
    assert.is(second.topic.buffer, first.topic.buffer, 'one buffer for every call');
    assert.is(first.topic[0], 0, "the first result's view now shows the second call's record");
    // The scalars are copied into each result: they stay as they were.
    assert.is(first.queued, 2);
    assert.is(first.next.record, 2);
    assert.is(second.queued, 1);
    // A poll's buffers are its own, apart from produceChunk()'s.
    const polled = producer.poll(0);
    assert.is.not(polled.topic.buffer, second.topic.buffer);
  } finally {
    producer.close();
  }
});

test('a call with more records than the buffers hold grows them; every slot is reported once, with its topic', async () => {
  const producer = mockProducer(['results-grow', 'results-grow-b'], [3, 2]);
  try {
    const records = 3_000; // the buffers start at 256 records
    const batch = batchOf(Array.from({ length: records }, (_, i) => ({ key: `k${i}`, value: `v${i}`, topic: i % 2 })));
    const r = producer.produceChunk(batch, CHUNK_START, { runId: runId('grow'), producerId: 0, slotBase: 0, max: true });
    assert.is(r.status, 'done');
    assert.is(r.queued, records);
    assert.is(r.topic.length, records);
    assert.is(r.publishDelayUs.length, records);
    assert.ok(r.topic.every((t, i) => t === i % 2), 'each record has its own topic index');
    const topicOfSlot = new Map<number, number>();
    let acked = 0;
    const settle = (p: PollResult) => {
      acked += p.acked;
      assert.is(p.slot.length, p.acked);
      assert.is(p.topic.length, p.acked);
      assert.is(p.ackUs.length, p.acked);
      p.slot.forEach((slot, i) => {
        assert.not.ok(topicOfSlot.has(slot), `slot ${slot} reported twice`);
        topicOfSlot.set(slot, p.topic[i] as number);
      });
    };
    assert.ok(await producer.flush(20_000, settle));
    assert.is(acked, records);
    for (let slot = 0; slot < records; slot++) assert.is(topicOfSlot.get(slot), slot % 2, `slot ${slot}`);
  } finally {
    producer.close();
  }
});

test('failures by reason belong to the call that had them', () => {
  const producer = mockProducer(['results-failures'], [1], { 'message.max.bytes': '2000' });
  try {
    const stamp = { runId: runId('failures'), producerId: 0, slotBase: 0, max: true };
    const refused = producer.produceChunk(batchOf([{ key: 'a', value: 'x'.repeat(5000) }]), CHUNK_START, stamp);
    assert.is(refused.failed, 1);
    assert.equal(Object.values(refused.failures), [1]);
    const fine = producer.produceChunk(batchOf([{ key: 'b', value: 'small' }]), CHUNK_START, { ...stamp, slotBase: 1 });
    assert.is(fine.failed, 0);
    assert.equal(fine.failures, {});
    assert.equal([...fine.failedByTopic], [0]);
  } finally {
    producer.close();
  }
});

test.run();

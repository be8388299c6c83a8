// QUEUE_FULL is backpressure, not loss: produceChunk() stops at the record librdkafka would not take, does
// not consume it, and the caller resumes there after a poll. Every record is acked exactly once, in
// contiguous slots.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START, type ChunkPosition } from '../../src/kafka/native-producer.js';
import { Totals, batchOf, mockProducer, runId } from '../support/native.js';

test('a 100-record chunk through a 10-message queue: all acked once, slots contiguous, nothing skipped', async () => {
  const producer = mockProducer(['native-queue-full'], [3], { 'queue.buffering.max.messages': '10', 'linger.ms': '5' });
  try {
    const count = 100;
    const batch = batchOf(Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}` })));
    const stamp = { runId: runId('queue-full'), producerId: 1, slotBase: 500, max: true };
    const totals = new Totals();
    let from: ChunkPosition = CHUNK_START;
    let consumed = 0;
    for (let calls = 0; ; calls++) {
      assert.ok(calls < 10_000, 'no progress');
      const r = producer.produceChunk(batch, from, stamp);
      totals.addProduce(r);
      // What a call consumed is exactly what lies between its start and its `next`.
      assert.is(r.next.record - from.record, r.topic.length);
      assert.is(r.publishDelayUs.length, r.topic.length);
      consumed += r.topic.length;
      assert.ok(r.inFlight <= 10, `in flight ${r.inFlight}`);
      if (r.status === 'done') break;
      assert.is(r.status, 'queue_full');
      assert.ok(r.next.offset > from.offset || r.queued === 0);
      from = r.next;
      totals.addPoll(producer.poll(5));
    }
    assert.is(consumed, count);
    assert.ok(totals.queueFull > 0, 'the queue never filled: the test proves nothing');
    assert.ok(await producer.flush(10_000, (r) => totals.addPoll(r)));
    assert.is(totals.queued, count);
    assert.is(totals.acked, count);
    assert.is(totals.failed, 0);
    assert.equal([...totals.slots].sort((a, b) => a - b), Array.from({ length: count }, (_, i) => 500 + i));
    assert.is(producer.inFlight, 0);
  } finally {
    producer.close();
  }
});

test.run();

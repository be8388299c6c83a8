// A record librdkafka refuses outright (larger than message.max.bytes) is consumed and counted failed with
// its reason at once, and the walk goes on: one bad record never stops a chunk or a run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START } from '../../src/kafka/native-producer.js';
import { Totals, batchOf, mockProducer, runId } from '../support/native.js';

test('MSG_SIZE_TOO_LARGE: that record failed with its reason, the others acked', async () => {
  const producer = mockProducer(['native-too-large', 'native-too-large-b'], [2, 1], { 'message.max.bytes': '2000' });
  try {
    const batch = batchOf([
      { key: 'a', value: 'small' },
      { key: 'b', value: 'x'.repeat(5000), topic: 1 },
      { key: 'c', value: 'small' },
      { key: 'd', value: 'y'.repeat(3000) },
      { key: 'e', value: 'small' },
    ]);
    const totals = new Totals();
    const r = producer.produceChunk(batch, CHUNK_START, { runId: runId('too-large'), producerId: 0, slotBase: 0, max: true });
    totals.addProduce(r);
    assert.is(r.status, 'done');
    assert.is(r.queued, 3);
    assert.is(r.failed, 2);
    assert.equal([...r.failedByTopic], [1, 1]);
    assert.equal(r.failures, { 'Broker: Message size too large (message.max.bytes)': 2 });
    assert.is(r.topic.length, 5, 'a refused record is consumed (its slot is used) and has a publish delay');
    assert.is(r.publishDelayUs.length, 5);
    assert.is(r.next.record, 5);
    assert.is(r.inFlight, 3);
    assert.ok(await producer.flush(10_000, (p) => totals.addPoll(p)));
    assert.is(totals.acked, 3);
    assert.is(totals.failed, 0, 'no delivery report for a refused record');
    assert.equal([...totals.slots].sort(), [0, 2, 4]);
  } finally {
    producer.close();
  }
});

test.run();

// purge() abandons what is queued: each record comes back exactly once, as failed with librdkafka's
// reason, in the following polls; nothing stays in flight.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START } from '../../src/kafka/native-producer.js';
import { Totals, batchOf, mockProducer, runId } from '../support/native.js';

test('purged records are reported failed, once each', async () => {
  // A long linger keeps the records in librdkafka's queue until the purge.
  const producer = mockProducer(['native-purge'], [3], { 'linger.ms': '60000' });
  try {
    const batch = batchOf(Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })));
    const r = producer.produceChunk(batch, CHUNK_START, { runId: runId('purge'), producerId: 0, slotBase: 0, max: true });
    assert.is(r.queued, 50);
    const totals = new Totals();
    totals.addPoll(producer.poll(0));
    producer.purge();
    assert.ok(await producer.flush(10_000, (p) => totals.addPoll(p)));
    assert.is(totals.acked, 0);
    assert.is(totals.failed, 50);
    assert.equal(Object.fromEntries(totals.failures), { 'Local: Purged in queue': 50 });
    assert.is(producer.inFlight, 0);
  } finally {
    producer.close();
  }
});

test('close() with records in flight abandons them without waiting', () => {
  const producer = mockProducer(['native-close-in-flight'], [1], { 'linger.ms': '60000' });
  const batch = batchOf(Array.from({ length: 1000 }, (_, i) => ({ key: `k${i}`, value: 'v' })));
  producer.produceChunk(batch, CHUNK_START, { runId: 'r', producerId: 0, slotBase: 0, max: true });
  assert.is(producer.inFlight, 1000);
  const started = performance.now();
  producer.close();
  assert.ok(performance.now() - started < 5000);
});

test.run();

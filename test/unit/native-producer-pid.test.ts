// An idempotent producer sends nothing until the cluster has given it a producer id, and librdkafka asks
// for one on a 500 ms timer. connect() waits for it (seen in librdkafka's statistics), so the first records
// of a run are not measured waiting for it: before, they were acked 200-400 ms late.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHUNK_START } from '../../src/kafka/native-producer.js';
import { Totals, batchOf, mockProducer } from '../support/native.js';

test('after connect an idempotent producer has its producer id, and its first record is acked without waiting for one', async () => {
  const producer = mockProducer(['native-pid'], [2], { 'enable.idempotence': 'true', acks: 'all', 'linger.ms': '0' });
  try {
    assert.ok(producer.pidAssigned);
    const r = producer.produceChunk(batchOf([{ key: 'k', value: 'v' }]), CHUNK_START, { runId: 'pid', producerId: 0, slotBase: 0, max: true });
    assert.is(r.queued, 1);
    const totals = new Totals();
    assert.ok(await producer.flush(10_000, (p) => totals.addPoll(p)));
    assert.is(totals.acked, 1);
    // Waiting for the id took about 400 ms on this path; the mock cluster acks within a few.
    assert.ok((totals.ackUncorrectedUs[0] as number) < 200_000, `acked after ${(totals.ackUncorrectedUs[0] as number) / 1000} ms`);
  } finally {
    producer.close();
  }
});

test('a producer that is not idempotent, or whose statistics are off, does not wait for an id', () => {
  for (const properties of [{ 'enable.idempotence': 'false' }, { 'enable.idempotence': 'true', 'statistics.interval.ms': '0' }]) {
    const producer = mockProducer(['native-pid-none'], [1], properties);
    try {
      assert.ok(producer.pidAssigned, JSON.stringify(properties));
    } finally {
      producer.close();
    }
  }
});

test.run();

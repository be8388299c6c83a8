// A record over message.max.bytes: librdkafka's produce() refuses it at once. The producer reports it as
// rejected with the reason (the sender counts it failed), instead of throwing out of the run.
import Kafka from 'node-rdkafka';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RdkafkaProducer } from '../../src/kafka/rdkafka-producer.js';
import { BROKERS } from '../support/kafka.js';

test('too large for message.max.bytes: rejected with its reason; a small one is queued', async () => {
  const producer = new RdkafkaProducer(Kafka, BROKERS, { 'message.max.bytes': '1000' }, 10_000);
  await producer.connect(['product-clicks']);
  try {
    const big = producer.send('product-clicks', 0, Buffer.alloc(5000, 'x'), Buffer.from('k'), Date.now(), []);
    assert.equal(typeof big === 'object' ? Object.keys(big) : big, ['rejected']);
    assert.match(typeof big === 'object' ? big.rejected : '', /too large.*\(message\.max\.bytes\)/i);
    assert.is(producer.send('product-clicks', 0, Buffer.from('{}'), Buffer.from('k'), Date.now(), []), 'queued');
    await producer.flush(10_000);
  } finally {
    await producer.disconnect();
  }
});

test.run();

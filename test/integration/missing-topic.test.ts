// A topic the run needs is missing (the broker has auto-creation off): the producer's connect fails before
// anything is sent, exit 1, naming the topic and how to create the pipeline's topics.
import Kafka from 'node-rdkafka';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RdkafkaProducer } from '../../src/kafka/rdkafka-producer.js';
import { LoadgenError } from '../../src/errors.js';
import { BROKERS, uniqueTopic } from '../support/kafka.js';

test('connect names the missing topic, exit 1', async () => {
  const missing = uniqueTopic('missing');
  const producer = new RdkafkaProducer(Kafka, BROKERS, {}, 10_000);
  try {
    const err = await producer.connect(['product-clicks', missing]).then(() => null, (e: unknown) => e);
    assert.instance(err, LoadgenError, 'connect must fail');
    assert.is((err as LoadgenError).exitCode, 1);
    assert.match((err as LoadgenError).message, `topic ${missing} does not exist on ${BROKERS}`);
    assert.match((err as LoadgenError).message, 'loadgen topics create');
  } finally {
    // Should connect succeed after all, a connected client would keep this process (and the suite) alive.
    await producer.disconnect();
  }
});

test.run();

// metadata() gives partition counts per topic, 0 for a topic the cluster lacks, and fails fast when the
// cluster does not answer; connect() turns both into loadgen's errors (and closes the producer).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LoadgenError } from '../../src/errors.js';
import { NativeProducer } from '../../src/kafka/native-producer.js';

test('partition counts in topic order; a missing topic is 0 and is not created', () => {
  const producer = new NativeProducer({ topics: ['native-md-a', 'native-md-missing', 'native-md-b'], properties: { 'test.mock.num.brokers': '3' } });
  try {
    producer.mockCreateTopic('native-md-a', 6);
    producer.mockCreateTopic('native-md-b', 2);
    assert.equal(producer.metadata(10_000), [6, 0, 2]);
    assert.equal(producer.metadata(10_000), [6, 0, 2], 'still missing: allow.auto.create.topics is false');
  } finally {
    producer.close();
  }
});

test('connect() names the missing topic', () => {
  const producer = new NativeProducer({ topics: ['native-md-here', 'native-md-gone'], properties: { 'test.mock.num.brokers': '1' } });
  producer.mockCreateTopic('native-md-here', 1);
  try {
    producer.connect(10_000);
    assert.unreachable('connect() should have failed');
  } catch (err) {
    assert.instance(err, LoadgenError);
    assert.match((err as Error).message, 'topic native-md-gone does not exist');
    assert.not.match((err as Error).message, 'native-md-here,');
  }
  assert.throws(() => producer.poll(0), /closed/);
});

test('an unreachable cluster: metadata() throws librdkafka error with its code, within the timeout', () => {
  const producer = new NativeProducer({ brokers: '127.0.0.1:9', topics: ['t'] });
  const started = performance.now();
  try {
    producer.metadata(1000);
    assert.unreachable('metadata() should have failed');
  } catch (err) {
    assert.instance(err, Error);
    assert.match((err as Error).message, /^metadata: /);
    assert.type((err as { code?: unknown }).code, 'number');
  } finally {
    producer.close();
  }
  assert.ok(performance.now() - started < 3000);
});

test('an unreachable cluster: connect() says so, naming the brokers', () => {
  const producer = new NativeProducer({ brokers: '127.0.0.1:9', topics: ['t'] });
  try {
    producer.connect(1000);
    assert.unreachable('connect() should have failed');
  } catch (err) {
    assert.instance(err, LoadgenError);
    assert.match((err as Error).message, 'cannot reach Kafka at 127.0.0.1:9');
  }
});

test.run();

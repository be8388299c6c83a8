// Configuration and lifecycle errors are plain JavaScript Errors with clear messages, never a crash: a bad
// property names its key (never a secret's value), bad arguments are TypeError/RangeError, a missing topic
// is loadgen's error, and a consumer used after close() says so.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { thrown } from '../support/errors.js';
import { NativeConsumer, OFFSET_END } from '../../src/kafka/native-consumer.js';
import { loadNativeAddon } from '../../src/kafka/native-producer.js';
import { mockConsumer } from '../support/native-consumer.js';
import { mockProducer } from '../support/native.js';

test('an unknown property or an invalid value names the key; a secret value is never shown', () => {
  const unknown = thrown(() => new NativeConsumer({ topics: ['t'], runId: null, properties: { 'no.such.property': 'x' } }));
  assert.instance(unknown, TypeError);
  assert.match(unknown.message, 'no.such.property');
  const invalid = thrown(() => new NativeConsumer({ topics: ['t'], runId: null, properties: { 'fetch.wait.max.ms': 'banana' } }));
  assert.match(invalid.message, 'fetch.wait.max.ms');
  const secret = thrown(() => new NativeConsumer({ topics: ['t'], runId: null, properties: { 'sasl.oauthbearer.method': 'hunter2-oauth' } }));
  assert.match(secret.message, 'sasl.oauthbearer.method');
  assert.not.match(secret.message, 'hunter2');
});

test('bad arguments are TypeError or RangeError', () => {
  const Consumer = loadNativeAddon().Consumer;
  assert.instance(thrown(() => new Consumer({}, [], null)), TypeError);
  assert.instance(thrown(() => new Consumer({}, ['t'], '')), TypeError);
  assert.instance(thrown(() => new Consumer({}, ['t'], 5 as unknown as string)), TypeError);
  const consumer = new NativeConsumer({ topics: ['t'], runId: 'r', properties: { 'test.mock.num.brokers': '1' } });
  try {
    assert.instance(thrown(() => consumer.assign([{ topicIndex: 1, partition: 0, offset: 0 }])), RangeError);
    assert.instance(thrown(() => consumer.assign([{ topicIndex: 0, partition: -1, offset: 0 }])), RangeError);
    assert.instance(thrown(() => consumer.assign([{ topicIndex: 0, partition: 0, offset: -5 }])), RangeError);
    assert.instance(thrown(() => consumer.poll(0, 0)), RangeError);
    assert.instance(thrown(() => consumer.receivedSlots(-1)), RangeError);
    assert.equal(consumer.positions(), []);
    assert.equal(consumer.producers(), []);
  } finally {
    consumer.close();
  }
});

test('a missing topic is loadgen error; a closed consumer says so; close() is idempotent', async () => {
  const producer = mockProducer(['nc-config'], [1]);
  try {
    const missing = mockConsumer(producer, ['nc-config', 'nc-config-missing'], 'r');
    assert.match(thrown(() => missing.connect(5000)).message, /nc-config-missing does not exist/);
    const consumer = mockConsumer(producer, ['nc-config'], 'r');
    assert.equal(consumer.connect(5000), [1]);
    consumer.assign([{ topicIndex: 0, partition: 0, offset: OFFSET_END }]);
    assert.equal(consumer.positions(), [{ topicIndex: 0, partition: 0, offset: OFFSET_END, high: -1 }]);
    assert.equal(consumer.watermarks(0, 0, 5000), { low: 0, high: 0 });
    consumer.close();
    consumer.close();
    for (const call of [() => consumer.poll(1, 0), () => consumer.metadata(0), () => consumer.assign([]), () => consumer.watermarks(0, 0, 0)]) {
      assert.match(thrown(call).message, /closed/);
    }
    assert.is(loadNativeAddon().liveConsumers(), 0);
  } finally {
    producer.close();
  }
});

test.run();

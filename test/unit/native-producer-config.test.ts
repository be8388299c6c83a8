// Configuration and lifecycle errors are plain JavaScript Errors with clear messages, never a crash: a bad
// property names its key (never a secret's value), a producer used after close() says so, a buffer that is
// not a batch is refused before anything is sent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { thrown } from '../support/errors.js';
import { BatchWriter } from '../../src/events/batch.js';
import { CHUNK_START, NativeProducer } from '../../src/kafka/native-producer.js';
import { batchOf, mockProducer } from '../support/native.js';

const stamp = { runId: 'r', producerId: 0, slotBase: 0, max: true };

test('an unknown property or an invalid value names the key', () => {
  const unknown = thrown(() => new NativeProducer({ topics: ['t'], properties: { 'no.such.property': 'x' } }));
  assert.match(unknown.message, 'no.such.property');
  const invalid = thrown(() => new NativeProducer({ topics: ['t'], properties: { acks: 'banana' } }));
  assert.match(invalid.message, 'acks');
});

test("a secret's value is never in the message", () => {
  for (const [key, value] of [
    ['sasl.oauthbearer.method', 'hunter2-oauth'],
    ['my.password', 'hunter2-password'],
    ['ssl.key.secret.thing', 'hunter2-secret'],
    ['sasl.oauthbearer.client.secret', 'x'.repeat(5000)],
  ] as const) {
    const err = thrown(() => new NativeProducer({ topics: ['t'], properties: { [key]: value, 'bogus.after': 'x' } }));
    assert.match(err.message, key);
    assert.not.match(err.message, value.slice(0, 8));
  }
});

test('a valid configuration creates the client without waiting for the cluster', () => {
  const producer = new NativeProducer({ brokers: '127.0.0.1:9', topics: ['t'], properties: { acks: 'all', 'enable.idempotence': true, 'compression.type': 'lz4' } });
  producer.close();
});

test('topics: 1 to 256', () => {
  assert.match(thrown(() => new NativeProducer({ topics: [] })).message, '1 to 256 topics');
  assert.match(thrown(() => new NativeProducer({ topics: Array.from({ length: 257 }, (_, i) => `t${i}`) })).message, '1 to 256 topics');
});

test('close() is idempotent; any use afterwards throws a clear Error', () => {
  const producer = mockProducer(['native-closed'], [1]);
  producer.close();
  producer.close();
  for (const use of [() => producer.poll(0), () => producer.metadata(100), () => producer.produceChunk(batchOf([]), CHUNK_START, stamp), () => producer.purge(), () => producer.inFlight]) {
    assert.match(thrown(use).message, 'the native producer is closed');
  }
});

test('produceChunk before metadata() says so', () => {
  const producer = new NativeProducer({ topics: ['t'], properties: { 'test.mock.num.brokers': '1' } });
  try {
    assert.match(thrown(() => producer.produceChunk(batchOf([{ key: 'k', value: 'v' }]), CHUNK_START, stamp)).message, 'call metadata()');
  } finally {
    producer.close();
  }
});

test('a buffer that is not a well-formed batch, or a position outside it, is refused', () => {
  const producer = mockProducer(['native-bad-batch'], [1]);
  try {
    assert.match(thrown(() => producer.produceChunk(new ArrayBuffer(64), CHUNK_START, stamp)).message, 'not a loadgen batch');
    assert.match(thrown(() => producer.produceChunk(new ArrayBuffer(4), CHUNK_START, stamp)).message, 'not a loadgen batch');

    const good = batchOf([{ key: 'key', value: 'value' }]);
    // The header claims more bytes than the buffer holds.
    const lying = good.slice(0);
    new DataView(lying).setUint32(8, good.byteLength + 100, true);
    assert.match(thrown(() => producer.produceChunk(lying, CHUNK_START, stamp)).message, 'bytes used');
    // A record whose key runs past the end.
    const truncated = good.slice(0);
    new DataView(truncated).setUint16(16 + 4, 60_000, true);
    assert.match(thrown(() => producer.produceChunk(truncated, CHUNK_START, stamp)).message, 'runs past');
    // A topic index the producer does not have.
    const writer = new BatchWriter(256);
    writer.append(3, 0, Date.now(), 'k', 'v');
    assert.match(thrown(() => producer.produceChunk(writer.finish(), CHUNK_START, stamp)).message, 'topic index 3');
    assert.match(thrown(() => producer.produceChunk(good, { record: 2, offset: 16 }, stamp)).message, 'past the batch');
    assert.match(thrown(() => producer.produceChunk(good, { record: 0, offset: 10_000 }, stamp)).message, 'runs past');
    assert.instance(thrown(() => producer.produceChunk('nope' as unknown as ArrayBuffer, CHUNK_START, stamp)), TypeError);
    assert.instance(thrown(() => producer.produceChunk(good, { record: -1, offset: 16 }, stamp)), RangeError);
    assert.is(producer.inFlight, 0, 'nothing was sent');
  } finally {
    producer.close();
  }
});

test('a typed array over a batch works like the ArrayBuffer', async () => {
  const producer = mockProducer(['native-view'], [1]);
  try {
    const batch = batchOf([{ key: 'k', value: 'v' }]);
    const padded = new Uint8Array(batch.byteLength + 8);
    padded.set(new Uint8Array(batch), 8);
    const r = producer.produceChunk(padded.subarray(8), CHUNK_START, stamp);
    assert.is(r.status, 'done');
    assert.is(r.queued, 1);
    assert.ok(await producer.flush(10_000, () => {}));
  } finally {
    producer.close();
  }
});

test.run();

// The addon's murmur2 partitioner is the JavaScript one (src/engine/partitioner.ts, itself Kafka's Java
// partitioner): the same hash for any bytes, the same partition for any count.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MURMUR2_VECTORS } from '../support/murmur2-vectors.js';
import { murmur2, partitionFor } from '../../src/engine/partitioner.js';
import { loadNativeAddon } from '../../src/kafka/native-producer.js';

const native = loadNativeAddon();

test("Kafka's UtilsTest values", () => {
  const cases = MURMUR2_VECTORS;
  for (const [key, expected] of cases) assert.is(native.murmur2(Buffer.from(key, 'latin1')), expected, key);
});

test('the same hash and partition as the JavaScript function for any bytes (every length 0-3 mod 4, high bytes)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 10_000 }), (key, partitions) => {
      assert.is(native.murmur2(key), murmur2(key));
      assert.is(native.partitionFor(key, partitions), partitionFor(key, partitions));
    }),
    { numRuns: 20_000 },
  );
});

test('the session keys loadgen sends, on the partition counts it meets', () => {
  for (let i = 0; i < 50_000; i++) {
    const key = Buffer.from(`s-${i.toString(36)}-${(i * 7919) % 104729}`, 'latin1');
    for (const partitions of [1, 3, 6, 12, 64]) assert.is(native.partitionFor(key, partitions), partitionFor(key, partitions));
  }
});

test('a view into a larger buffer hashes only its own bytes', () => {
  const whole = Buffer.from('xxsession-42yy', 'latin1');
  const view = whole.subarray(2, 12);
  assert.is(native.murmur2(view), murmur2(Buffer.from('session-42', 'latin1')));
});

test.run();

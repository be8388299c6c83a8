import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MURMUR2_VECTORS } from '../support/murmur2-vectors.js';
import { murmur2, partitionFor } from '../../src/engine/partitioner.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

test('murmur2 matches the Java client (values from Kafka\'s UtilsTest)', () => {
  const cases = MURMUR2_VECTORS;
  for (const [key, expected] of cases) assert.is(murmur2(bytes(key)), expected, key);
});

test('partitionFor picks the partition the Java producer picks: toPositive(murmur2(key)) % n', () => {
  // [key, Utils.murmur2(key bytes), the partition among 1, 6, 7, 12 and 100]. Computed independently of this
  // code by a standalone Java program against kafka-clients 4.1.1 (.kafka/lib), for each n:
  //   Utils.toPositive(Utils.murmur2(key.getBytes(ISO_8859_1))) % n
  // which is BuiltInPartitioner.partitionForKey. Keys of every length mod 4 (the hash's tail), negative and
  // positive hashes (toPositive masks the sign bit, unlike Math.abs), and the kinds loadgen sends: session
  // ids (UUIDv7) and product ids.
  const ns = [1, 6, 7, 12, 100];
  const cases: [string, number, number[]][] = [
    ['', 275646681, [0, 3, 2, 9, 81]],
    ['1', -1993445489, [0, 3, 2, 3, 59]],
    ['42', 417700972, [0, 4, 3, 4, 72]],
    ['166794', 561666196, [0, 4, 0, 4, 96]],
    ['session-0', -609165676, [0, 4, 2, 4, 72]],
    ['session-1', -783537844, [0, 4, 4, 4, 4]],
    ['session-2', -277138581, [0, 5, 3, 11, 67]],
    ['session-999', 640454851, [0, 1, 1, 7, 51]],
    ['019b7a5c-2e40-7000-8000-00000a3f91c2', -822086880, [0, 2, 3, 8, 68]],
    ['019b7a5c-2e41-7003-8000-0004c0ffee42', -452061727, [0, 1, 4, 1, 21]],
  ];
  for (const [key, hash, partitions] of cases) {
    assert.is(murmur2(bytes(key)), hash, `murmur2 of ${JSON.stringify(key)}`);
    assert.equal(ns.map((n) => partitionFor(bytes(key), n)), partitions, `partitions of ${JSON.stringify(key)} among ${ns.join(', ')}`);
  }
});

test('partitions are in range for any key', () => {
  for (let i = 0; i < 1000; i++) {
    const p = partitionFor(bytes(`session-${i}`), 6);
    assert.ok(p >= 0 && p < 6, `session-${i}: ${p}`);
  }
});

test.run();

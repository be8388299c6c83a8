import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { murmur2, partitionFor } from '../../src/engine/partitioner.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

test('murmur2 matches the Java client (values from Kafka\'s UtilsTest)', () => {
  // [key, Utils.murmur2(key.getBytes())] as asserted in org.apache.kafka.common.utils.UtilsTest#testMurmur2
  const cases: [string, number][] = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];
  for (const [key, expected] of cases) assert.is(murmur2(bytes(key)), expected, key);
});

test('partitions are in range and stable', () => {
  for (let i = 0; i < 1000; i++) {
    const p = partitionFor(bytes(`session-${i}`), 6);
    assert.ok(p >= 0 && p < 6);
    assert.is(partitionFor(bytes(`session-${i}`), 6), p);
  }
});

test.run();

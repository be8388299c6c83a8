// [key, Utils.murmur2(key.getBytes())] as asserted in Kafka's org.apache.kafka.common.utils.UtilsTest#testMurmur2:
// the Java client's hash, which both loadgen partitioners (JavaScript and native) must reproduce.
export const MURMUR2_VECTORS: readonly (readonly [string, number])[] = [
  ['21', -973932308],
  ['foobar', -790332482],
  ['a-little-bit-long-string', -985981536],
  ['a-little-bit-longer-string', -1486304829],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ['abc', 479470107],
];

// Kafka's default partitioner for keyed records (murmur2 of the key bytes, as the Java client's
// BuiltInPartitioner does), computed here rather than in librdkafka so the sender knows each record's
// partition. It needs that to match delivery reports to records without a per-message `opaque` (one of the
// two costliest parts of node-rdkafka's produce()): reports arrive in order within a partition.

/** Kafka's Utils.murmur2 over the bytes of `key` (ASCII/Latin-1 keys here: one byte per char). */
export function murmur2(key: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = key.length;
  let h = (0x9747b28c ^ length) | 0;
  const blocks = length >> 2;
  for (let i = 0; i < blocks; i++) {
    const at = i << 2;
    let k = ((key[at] ?? 0) & 0xff) | (((key[at + 1] ?? 0) & 0xff) << 8) | (((key[at + 2] ?? 0) & 0xff) << 16) | (((key[at + 3] ?? 0) & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = blocks << 2;
  const rest = length & 3;
  if (rest === 3) h ^= ((key[tail + 2] ?? 0) & 0xff) << 16;
  if (rest >= 2) h ^= ((key[tail + 1] ?? 0) & 0xff) << 8;
  if (rest >= 1) {
    h ^= (key[tail] ?? 0) & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition of a key among `partitions`, as Java's producer picks it: toPositive(murmur2) % n. */
export function partitionFor(key: Uint8Array, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

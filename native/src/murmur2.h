// Kafka's default partitioner for keyed records, as the Java client computes it (Utils.murmur2, then
// toPositive(hash) % partitions): the same function as src/engine/partitioner.ts, so a record lands on the
// same partition whichever path sends it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace loadgen {

inline int32_t murmur2(const uint8_t* data, size_t length) {
  const uint32_t m = 0x5bd1e995u;
  uint32_t h = 0x9747b28cu ^ static_cast<uint32_t>(length);
  const size_t blocks = length / 4;
  for (size_t i = 0; i < blocks; i++) {
    const uint8_t* p = data + i * 4;
    uint32_t k = static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) | (static_cast<uint32_t>(p[2]) << 16) |
                 (static_cast<uint32_t>(p[3]) << 24);
    k *= m;
    k ^= k >> 24;
    k *= m;
    h *= m;
    h ^= k;
  }
  const uint8_t* tail = data + blocks * 4;
  switch (length & 3) {
    case 3:
      h ^= static_cast<uint32_t>(tail[2]) << 16;
      [[fallthrough]];
    case 2:
      h ^= static_cast<uint32_t>(tail[1]) << 8;
      [[fallthrough]];
    case 1:
      h ^= static_cast<uint32_t>(tail[0]);
      h *= m;
      break;
    default:
      break;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<int32_t>(h);
}

/** The partition of a key among `partitions` (> 0): toPositive(murmur2(key)) % partitions. */
inline int32_t partitionFor(const uint8_t* key, size_t length, int32_t partitions) {
  const uint32_t positive = static_cast<uint32_t>(murmur2(key, length)) & 0x7fffffffu;
  return static_cast<int32_t>(positive % static_cast<uint32_t>(partitions));
}

}  // namespace loadgen

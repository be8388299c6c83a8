// Reading the chunk format of src/events/batch.ts (little-endian, bounds-checked on every record):
//   batch  := u32 magic "LGB1" | u32 record count | u32 bytes used | u32 reserved | record*
//   record := u32 value length (0xFFFFFFFF: null value) | u16 key length | u8 topic index
//             | u8 invalid reason (0: valid, else 1 + index into the invalid reasons) | f64 intended time, Unix ms
//             | key bytes | value bytes
#pragma once

#include <cstddef>
#include <cstdint>

namespace loadgen {

constexpr uint32_t kBatchMagic = 0x4c474231;  // "LGB1"
constexpr size_t kBatchHeaderBytes = 16;
constexpr size_t kRecordHeaderBytes = 16;
constexpr uint32_t kNullValue = 0xffffffffu;

struct Batch {
  const uint8_t* data = nullptr;
  /** Bytes holding records: the header's "bytes used" (checked against the buffer). */
  size_t used = 0;
  uint32_t count = 0;
};

struct Record {
  const uint8_t* key = nullptr;
  /** nullptr for a null value (a tombstone). */
  const uint8_t* value = nullptr;
  uint32_t valueBytes = 0;
  uint16_t keyBytes = 0;
  uint8_t topic = 0;
  uint8_t invalid = 0;
  double timeMs = 0;
  /** Offset of the record after this one. */
  size_t next = 0;
};

/** The batch in `data`; throws std::invalid_argument when it is not one or its header lies about its size. */
Batch openBatch(const uint8_t* data, size_t size);

/** The record at `offset`; throws std::invalid_argument when it runs past the bytes used. */
Record readRecord(const Batch& batch, size_t offset);

}  // namespace loadgen

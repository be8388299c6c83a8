#include "batch.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace loadgen {

namespace {

uint32_t u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) | (static_cast<uint32_t>(p[2]) << 16) |
         (static_cast<uint32_t>(p[3]) << 24);
}

uint16_t u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }

double f64(const uint8_t* p) {
  const uint64_t bits = static_cast<uint64_t>(u32(p)) | (static_cast<uint64_t>(u32(p + 4)) << 32);
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace

Batch openBatch(const uint8_t* data, size_t size) {
  if (data == nullptr || size < kBatchHeaderBytes || u32(data) != kBatchMagic) throw std::invalid_argument("not a loadgen batch (no LGB1 header)");
  Batch batch;
  batch.data = data;
  batch.count = u32(data + 4);
  batch.used = u32(data + 8);
  if (batch.used < kBatchHeaderBytes || batch.used > size) {
    throw std::invalid_argument("batch header says " + std::to_string(batch.used) + " bytes used, the buffer holds " + std::to_string(size));
  }
  return batch;
}

Record readRecord(const Batch& batch, size_t offset) {
  if (offset < kBatchHeaderBytes || offset > batch.used || batch.used - offset < kRecordHeaderBytes) {
    throw std::invalid_argument("batch record at byte " + std::to_string(offset) + " runs past the " + std::to_string(batch.used) + " bytes used");
  }
  const uint8_t* p = batch.data + offset;
  Record record;
  const uint32_t valueLength = u32(p);
  record.keyBytes = u16(p + 4);
  record.topic = p[6];
  record.invalid = p[7];
  record.timeMs = f64(p + 8);
  record.valueBytes = valueLength == kNullValue ? 0 : valueLength;
  const size_t start = offset + kRecordHeaderBytes;
  const size_t end = start + record.keyBytes + static_cast<size_t>(record.valueBytes);
  if (end > batch.used) {
    throw std::invalid_argument("batch record at byte " + std::to_string(offset) + " runs past the " + std::to_string(batch.used) + " bytes used");
  }
  record.key = batch.data + start;
  record.value = valueLength == kNullValue ? nullptr : batch.data + start + record.keyBytes;
  record.next = end;
  return record;
}

}  // namespace loadgen

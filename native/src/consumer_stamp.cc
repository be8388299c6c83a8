#include "consumer_stamp.h"

namespace loadgen {

namespace {

constexpr int64_t kMaxSafeInteger = 9007199254740991LL;  // 2^53 - 1: Number.isSafeInteger's bound
constexpr size_t kMaxDigits = 16;                        // 2^53 - 1 has 16 digits

/** A field of decimal digits only, as a safe integer; false for anything else (empty, sign, space, too big). */
bool decimal(const uint8_t* p, size_t n, int64_t& out) noexcept {
  if (n == 0 || n > kMaxDigits) return false;
  int64_t value = 0;
  for (size_t i = 0; i < n; i++) {
    const uint8_t c = p[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');  // 16 digits < 10^16 < 2^63: no overflow
  }
  if (value > kMaxSafeInteger) return false;
  out = value;
  return true;
}

}  // namespace

bool parseStamp(const uint8_t* value, size_t size, ParsedStamp& out) noexcept {
  if (value == nullptr) return false;
  size_t starts[5];
  size_t ends[5];
  size_t field = 0;
  starts[0] = 0;
  for (size_t i = 0; i < size; i++) {
    if (value[i] != '/') continue;
    if (field == 4) return false;  // a sixth field
    ends[field] = i;
    starts[++field] = i + 1;
  }
  if (field != 4) return false;
  ends[4] = size;
  if (ends[0] == starts[0]) return false;  // an empty run id
  int64_t numbers[4];
  for (size_t f = 1; f < 5; f++) {
    if (!decimal(value + starts[f], ends[f] - starts[f], numbers[f - 1])) return false;
  }
  out.runId = std::string_view(reinterpret_cast<const char*>(value), ends[0]);
  out.producerId = numbers[0];
  out.slot = numbers[1];
  out.intendedUs = numbers[2];
  out.actualUs = numbers[3];
  return true;
}

}  // namespace loadgen

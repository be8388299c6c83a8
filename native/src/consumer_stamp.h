// The `lg` header's value, parsed without allocating: <runId>/<producerId>/<slot>/<intendedUs>/<actualUs>
// (src/events/record-header.ts). Exactly five '/'-separated fields; the run id is any non-empty bytes
// without '/', the other four plain decimal digits (at most 16) whose value is a safe integer (<= 2^53 - 1).
// That is what src/events/record-header.ts's parseStamp accepts for every value loadgen writes; it is
// stricter on what loadgen never writes (JavaScript's Number() also takes '', ' 7', '0x7', '7e0', '+7').
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace loadgen {

struct ParsedStamp {
  /** A view into the header value: valid while the message is. */
  std::string_view runId;
  int64_t producerId = 0;
  int64_t slot = 0;
  int64_t intendedUs = 0;
  int64_t actualUs = 0;
};

/** True when `value` is a well-formed stamp (then `out` holds it); never reads past `size`. */
bool parseStamp(const uint8_t* value, size_t size, ParsedStamp& out) noexcept;

}  // namespace loadgen

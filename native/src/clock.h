// The wall clock, in microseconds since the Unix epoch: CLOCK_REALTIME, the clock JavaScript's
// performance.timeOrigin is read from. (performance.timeOrigin + performance.now()) advances with the
// monotonic clock from there, so the two agree to a few microseconds unless the wall clock is stepped or
// slewed while the thread runs (docs/native.md; test/unit/native-producer-clock.test.ts measures it).
#pragma once

#include <time.h>

namespace loadgen {

inline double nowUs() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

}  // namespace loadgen

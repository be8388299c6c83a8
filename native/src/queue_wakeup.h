// Waiting on a librdkafka queue with microsecond precision. rd_kafka_queue_poll() takes whole milliseconds,
// so a producer thread with a record due in 300 us could either oversleep by up to a millisecond (a late
// send) or poll in a loop until then (a thread spinning on a core the broker and the other threads need:
// 8 threads at 50,000 events/s cost 34 us of process CPU per event with that loop, 31 us with this wait,
// one 20 s run each). librdkafka calls the
// queue's event callback on every enqueue, from its own threads and with the queue's lock held, so the
// callback only raises a flag under this class's mutex; the owning thread waits on a condition variable
// until the flag or its deadline, whichever comes first, and then serves the queue without blocking.
#pragma once

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <mutex>

namespace loadgen {

class QueueWakeup {
 public:
  using Clock = std::chrono::steady_clock;

  QueueWakeup() = default;
  QueueWakeup(const QueueWakeup&) = delete;
  QueueWakeup& operator=(const QueueWakeup&) = delete;

  /** Routes `queue`'s enqueue notifications here. This object must outlive every librdkafka thread that may enqueue. */
  void attach(rd_kafka_queue_t* queue) noexcept { rd_kafka_queue_cb_event_enable(queue, &QueueWakeup::onEnqueue, this); }

  /** Forgets earlier notifications: call it before serving the queue, so an event enqueued afterwards wakes the next wait. */
  void arm() noexcept {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_ = false;
  }

  /** The deadline `us` microseconds from now (none past an hour; a negative wait is none). */
  static Clock::time_point after(double us) noexcept {
    return Clock::now() + std::chrono::microseconds(static_cast<int64_t>(std::min(std::max(us, 0.0), 3.6e9)));
  }

  /** Blocks until something was enqueued since arm(), or until `deadline`; true when woken by an enqueue. */
  bool waitUntil(Clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    // A deadline already past returns at once: handed to the kernel, even a past timeout put the thread to
    // sleep for its timer slack (poll(0) measured 95 us of wall time and 37 us of CPU per call, a context
    // switch each; now about a microsecond).
    if (pending_ || Clock::now() >= deadline) return pending_;
    return cv_.wait_until(lock, deadline, [this] { return pending_; });
  }

 private:
  static void onEnqueue(rd_kafka_t*, void* opaque) noexcept {
    QueueWakeup* self = static_cast<QueueWakeup*>(opaque);
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      self->pending_ = true;
    }
    self->cv_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  bool pending_ = false;
};

}  // namespace loadgen

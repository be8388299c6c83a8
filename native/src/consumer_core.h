// The measuring consumer itself, in plain C++ (no N-API): one librdkafka consumer with a manual assignment
// that reads batches from its consumer queue and, per record, natively: finds and parses the `lg` stamp,
// computes the end-to-end latencies of the measured run and keeps the integrity state that
// src/consumer/integrity.ts's IntegrityTracker keeps (received slots per producer in SlotSet's
// pages, duplicates, out-of-order per (producer, topic, partition)) plus the next offset per partition.
// A poll() hands back one aggregate: counts and typed-array-ready vectors, never one object per record.
//
// It throws C++ exceptions (KafkaError, std::invalid_argument, std::logic_error); consumer_wrap.cc turns them
// into JavaScript Errors. Single-threaded: every call comes from the JavaScript thread that owns it;
// librdkafka's error and log callbacks run only while that thread serves the consumer queue (inside poll()),
// never on librdkafka's own threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "client_common.h"
#include "rdkafka_handles.h"
#include "registry.h"
#include "slot_pages.h"

namespace loadgen {

/** A partition to read and where to start: an absolute offset, or RD_KAFKA_OFFSET_BEGINNING / _END. */
struct Assignment {
  uint8_t topic = 0;
  int32_t partition = 0;
  int64_t offset = RD_KAFKA_OFFSET_BEGINNING;
};

/**
 * A partition whose next offset the broker no longer (or never) had: reading resumes at the nearest offset
 * the log holds, and what could not be read is reported, never skipped silently.
 */
struct OffsetReset {
  uint8_t topic = 0;
  int32_t partition = 0;
  /** The offset that was out of range (the next one to read). */
  int64_t offset = 0;
  /** The log's start and end offsets the failing fetch reported (-1: not known). */
  int64_t low = -1;
  int64_t high = -1;
  /** Where reading resumes: `low` (offset < low), `high` (offset > high), or RD_KAFKA_OFFSET_BEGINNING when the log's bounds are not known. */
  int64_t resumedAt = RD_KAFKA_OFFSET_BEGINNING;
  /** Records known to be gone before they were read: low - offset when offset < low, else 0; -1: not known. */
  int64_t skipped = -1;
  std::string reason;
};

/** IntegrityTracker's counts (src/consumer/integrity.ts), plus the split of `unstamped` and negative latencies. */
struct ConsumeCounts {
  /** Distinct records of the run received. */
  uint64_t received = 0;
  uint64_t duplicates = 0;
  uint64_t outOfOrder = 0;
  /** Records of another run. */
  uint64_t foreign = 0;
  /** Records without a readable stamp: no `lg` header, or a malformed one. */
  uint64_t unstamped = 0;
  /** The part of `unstamped` that had an `lg` header that is not a stamp. */
  uint64_t malformed = 0;
  /** Latencies (corrected or uncorrected) that round below 0, as LatencyRecorder counts them. */
  uint64_t negative = 0;

  void add(const ConsumeCounts& other) noexcept;
};

/** What one poll() read. The per-record vectors hold the records counted as received (not duplicates, not foreign). */
/** A record of the run that carried a W3C `traceparent` header (sampled by --trace-sample): for its consume span. */
struct TracedRecord {
  uint8_t topic;
  int32_t partition;
  int64_t offset;
  std::string traceparent;
};

struct ConsumeOutcome {
  /** Records read (of any run, stamped or not); errors and partition EOFs are not records. */
  uint32_t messages = 0;
  /** When this batch was taken off the queue: CLOCK_REALTIME, us since the Unix epoch. */
  double receivedUs = 0;
  ConsumeCounts counts;
  std::vector<uint8_t> topic;
  /** receivedUs - intended send time (coordinated-omission corrected). */
  std::vector<double> e2eUs;
  /** receivedUs - actual send time. */
  std::vector<double> e2eUncorrectedUs;
  /** This run's records received for the first time that carried a traceparent header (rare: sampled). */
  std::vector<TracedRecord> traced;
  /** Partition EOFs (only with enable.partition.eof=true): not errors. */
  uint32_t eof = 0;
  std::vector<OffsetReset> resets;
  /** Errors other than EOF and offset resets (a partition's fetch failing, the client's errors), and the last one's text. */
  uint32_t errors = 0;
  std::optional<std::string> error;
};

/** A position: the next offset to read in a partition (negative: the logical offset it was assigned at, nothing read yet). */
struct Position {
  uint8_t topic;
  int32_t partition;
  int64_t offset;
  /** The partition's high watermark as last fetched (librdkafka's cache, no request), or -1 before one came. */
  int64_t high;
};

class ConsumerCore : public Closable {
 public:
  /**
   * Creates the consumer (rd_kafka_new, RD_KAFKA_CONSUMER) with `config` applied in order, then what the
   * design depends on: enable.auto.commit=false, enable.auto.offset.store=false,
   * auto.offset.reset=error (resets are handled here and reported, see OffsetReset) and, when `config`
   * has none, a random group.id (the group is never joined: partitions are assigned manually).
   * `runId` empty: adopt the run of the first stamped record.
   */
  ConsumerCore(const Config& config, const std::vector<std::string>& topics, std::string runId, Registry* registry);
  ~ConsumerCore();
  ConsumerCore(const ConsumerCore&) = delete;
  ConsumerCore& operator=(const ConsumerCore&) = delete;

  bool closed() const noexcept { return !rk_; }
  /** Destroys the client (without a consumer-group close: nothing is committed, no group was joined); idempotent. */
  void close() noexcept;
  void detach() noexcept override;

  std::vector<int32_t> metadata(int timeoutMs);
  /** Adds partitions to the assignment (a partition already assigned is re-positioned). */
  void assign(const std::vector<Assignment>& assignments);
  /**
   * Stops (true) or resumes (false) fetching every assigned partition (rd_kafka_pause_partitions). Records
   * fetched and not yet read are discarded by librdkafka and fetched again on resume, from the next offset
   * to read: nothing is lost or read twice.
   */
  void pause(bool paused);
  /** The partition's low and high watermarks, asked of the broker (blocks up to timeoutMs). */
  std::pair<int64_t, int64_t> watermarks(uint8_t topic, int32_t partition, int timeoutMs);
  /**
   * Reads up to maxMessages records: what the queue holds now, or, when it is empty, waits up to timeoutMs
   * for the first and then takes what else arrived with it. Never waits for a full batch.
   */
  const ConsumeOutcome& poll(size_t maxMessages, int timeoutMs);

  std::vector<Position> positions() const;
  /** The producer's received slots as SlotPages::exportPages() gives them; nothing if unseen. */
  void receivedSlots(int64_t producerId, std::vector<double>& fullRuns, std::vector<double>& partial, std::vector<uint8_t>& bits) const;
  /** Producer ids of the run seen so far, in the order first seen. */
  const std::vector<int64_t>& producers() const noexcept { return producerOrder_; }
  const ConsumeCounts& totals() const noexcept { return totals_; }
  const std::optional<std::string>& runId() const noexcept { return runId_; }
  const std::optional<std::string>& lastError() const noexcept { return lastError_; }
  const std::optional<std::string>& fatal() const noexcept { return fatal_; }
  size_t topicCount() const noexcept { return topicNames_.size(); }

  /** Librdkafka's callbacks (on the thread serving the queue, inside poll()). */
  void onError(int err, const char* reason) noexcept;
  void onLog(const char* text) noexcept;

 private:
  struct OrderKey {
    int64_t producer;
    uint64_t topicPartition;
    bool operator==(const OrderKey& other) const noexcept { return producer == other.producer && topicPartition == other.topicPartition; }
  };
  struct OrderKeyHash {
    size_t operator()(const OrderKey& key) const noexcept {
      return std::hash<uint64_t>()(static_cast<uint64_t>(key.producer) * 0x9E3779B97F4A7C15ULL ^ key.topicPartition);
    }
  };

  static uint64_t key(uint8_t topic, int32_t partition) noexcept { return (static_cast<uint64_t>(topic) << 32) | static_cast<uint32_t>(partition); }
  void requireOpen() const;
  const std::string& topicName(uint8_t topic) const;
  int topicIndex(rd_kafka_topic_t* rkt);
  void handle(const rd_kafka_message_t* message, double nowUs, ConsumeOutcome& out);
  void record(uint8_t topic, int32_t partition, const rd_kafka_message_t* message, double nowUs, ConsumeOutcome& out);
  void reset(uint8_t topic, const rd_kafka_message_t* message, ConsumeOutcome& out);
  void reassign(const std::vector<Assignment>& assignments);
  void note(const std::string& error);

  // Declaration order is destruction order, reversed: the queue goes before the rd_kafka_t.
  Registry* registry_;
  ConsumerKafkaPtr rk_;
  QueuePtr queue_;
  std::vector<std::string> topicNames_;
  std::optional<std::string> runId_;
  /** Topic handles seen on messages, and their topic index (a handle is stable for the client's lifetime). */
  std::vector<std::pair<const rd_kafka_topic_t*, int>> topicCache_;
  std::map<uint64_t, int64_t> positions_;
  std::unordered_map<int64_t, SlotPages> slots_;
  std::vector<int64_t> producerOrder_;
  std::unordered_map<OrderKey, int64_t, OrderKeyHash> highest_;
  ConsumeCounts totals_;
  std::optional<std::string> lastError_;
  std::optional<std::string> fatal_;
  /** Errors the callbacks noted during the current poll(). */
  uint32_t pollErrors_ = 0;
  std::optional<std::string> pollError_;
  ConsumeOutcome polled_;
  std::vector<rd_kafka_message_t*> messages_;
};

}  // namespace loadgen

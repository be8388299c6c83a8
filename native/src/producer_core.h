// The producer itself, in plain C++ (no N-API): one librdkafka producer handle that walks whole chunks of
// the batch format natively, stamps and partitions each record, and hands delivery results back in
// aggregate. It throws C++ exceptions (KafkaError, std::invalid_argument, std::logic_error); the N-API layer
// (producer_wrap.cc) turns every one of them into a JavaScript Error. Single-threaded: all calls come from
// the JavaScript thread that owns the producer; librdkafka's own threads never call back into this code
// (the event API: delivery reports and errors wait on a queue until poll() serves it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "batch.h"
#include "client_common.h"
#include "queue_wakeup.h"
#include "rdkafka_handles.h"
#include "registry.h"

namespace loadgen {

/** In a log line of librdkafka's mock cluster saying it has ended by itself, where that says so; else null (producer_mock.cc). */
const char* mockClusterEnd(const char* facility, const char* text) noexcept;

/** Records that failed, tallied by reason (librdkafka's error message) and by topic index. */
struct Failures {
  uint32_t total = 0;
  std::vector<std::pair<std::string, uint32_t>> byReason;
  std::vector<uint32_t> byTopic;

  void reset(size_t topics);
  void add(uint8_t topic, const char* reason);
};

/** What the `lg` header carries besides the per-record times: <runId>/<producerId>/<slot>/<intendedUs>/<actualUs>. */
struct Stamp {
  std::string runId;
  int64_t producerId = 0;
  /** The slot of record 0 of the chunk: record i gets slot slotBase + i. */
  int64_t slotBase = 0;
  /** --rate max: every record is due now, and its intended time is the time it is sent. */
  bool max = false;
  /**
   * Records sampled for tracing (--trace-sample), by record index in the chunk, ascending: each gets a W3C
   * `traceparent` header with this value beside its `lg` header.
   */
  std::vector<std::pair<uint32_t, std::string>> traces;
};

/** Numbered as src/kafka/native-results.ts names them (the status crosses as a number). */
enum class ProduceStatus { Done = 0, NotDue = 1, QueueFull = 2, Limit = 3 };

/** The result of one produceChunk() call; `topic` and `publishDelayUs` have one entry per record consumed. */
struct ProduceOutcome {
  ProduceStatus status = ProduceStatus::Done;
  /** Where to resume: the index and byte offset of the first record not consumed. */
  uint32_t record = 0;
  size_t offset = 0;
  /** NotDue: the intended time of the next record, us since the Unix epoch. */
  double dueUs = 0;
  uint32_t queued = 0;
  std::vector<uint8_t> topic;
  std::vector<double> publishDelayUs;
  /** Records librdkafka refused outright (too large, ...): consumed, and failed at once. */
  Failures failures;
};

/** The delivery reports one poll() served, aggregated; the per-record vectors hold acked records only. */
struct PollOutcome {
  uint32_t acked = 0;
  double nowUs = 0;
  std::vector<double> slot;
  std::vector<uint8_t> topic;
  /** Ack time - intended time (coordinated-omission corrected), us. */
  std::vector<double> ackUs;
  /** Ack time - actual send time, us. */
  std::vector<double> ackUncorrectedUs;
  std::vector<uint32_t> ackedByTopic;
  std::vector<double> ackedBytesByTopic;
  Failures failures;
};

class ProducerCore : public Closable {
 public:
  /**
   * Creates the producer (rd_kafka_new) with `config` applied in order, delivery reports and errors as events
   * on the main queue, and one topic handle per entry of `topics` (a record's topic index selects it).
   */
  ProducerCore(const std::vector<std::pair<std::string, std::string>>& config, const std::vector<std::string>& topics,
               std::vector<std::string> invalidReasons, Registry* registry);
  ~ProducerCore();
  ProducerCore(const ProducerCore&) = delete;
  ProducerCore& operator=(const ProducerCore&) = delete;

  bool closed() const noexcept { return !rk_; }
  /** Purges what is queued and destroys the handles; idempotent. */
  void close() noexcept;
  /** The registry is going away (the JavaScript environment is torn down): close, and forget the registry. */
  void detach() noexcept override;

  /** Partition counts per topic, in topic order (0: the cluster does not have the topic); remembered for partitioning. */
  std::vector<int32_t> metadata(int timeoutMs);
  /**
   * Sends the chunk's records from `record` (at byte `offset`) as they come due. A record due by
   * `waitUntilUs` (us since the Unix epoch; 0: never) is waited for here, to the microsecond, serving the
   * delivery reports that arrive meanwhile into the next poll()'s outcome; one due later ends the call (NotDue).
   */
  const ProduceOutcome& produceChunk(const uint8_t* data, size_t size, uint32_t record, size_t offset, const Stamp& stamp, uint32_t limit,
                                     double waitUntilUs = 0);
  /**
   * Serves the reports and errors waiting, added to what produceChunk() served while it waited; when there
   * is nothing at all, waits up to `timeoutMs` (fractions count: microsecond precision) for the first to
   * arrive. The outcome accumulates until resetPolled(), which the caller runs once it has read it.
   */
  const PollOutcome& poll(double timeoutMs);
  void resetPolled();
  void purge();

  size_t inFlight() const noexcept { return pool_.inUse(); }
  /**
   * Whether records can go out at once: an idempotent producer's producer id has come (seen in the
   * statistics that poll() serves). True for a producer that is not idempotent, and when the caller turned
   * statistics off (statistics.interval.ms=0: then nothing can tell).
   */
  bool pidAssigned() const noexcept { return !idempotent_ || !statsEnabled_ || pidAssigned_; }
  const std::optional<std::string>& lastError() const noexcept { return lastError_; }
  const std::optional<std::string>& fatal() const noexcept { return fatal_; }
  /**
   * The latest statistics JSON poll() has served since the last call (librdkafka's statistics.interval.ms),
   * handed over once: JavaScript summarises it for --metrics-port, at most once a second.
   */
  std::optional<std::string> takeStats() {
    std::optional<std::string> out;
    out.swap(lastStats_);
    return out;
  }
  size_t topicCount() const noexcept { return topicNames_.size(); }

  /** The bootstrap servers of the mock cluster `test.mock.num.brokers` started in this client, if any. */
  std::optional<std::string> mockBootstraps() const;
  /** Creates a topic on that mock cluster (tests: the mock cluster has no CreateTopics API). */
  void mockCreateTopic(const std::string& topic, int partitions, int replicationFactor);
  /**
   * Why the mock cluster in this client ended by itself, if it did (librdkafka's line for it), else none.
   * Serves the queue first: the client that holds `--embedded`'s cluster is never polled otherwise.
   */
  std::optional<std::string> mockFailure();

 private:
  /** The native in-flight record a delivery report's opaque points at. */
  struct InFlight {
    int64_t slot;
    double intendedUs;
    double actualUs;
    uint32_t valueBytes;
    uint8_t topic;
    InFlight* nextFree;
  };

  /** In-flight records, recycled through a free list (one allocation per 4096 records, not per record). */
  class Pool {
   public:
    InFlight* take();
    void give(InFlight* record) noexcept;
    size_t inUse() const noexcept { return inUse_; }
    void clear() noexcept;

   private:
    std::vector<std::unique_ptr<InFlight[]>> blocks_;
    InFlight* free_ = nullptr;
    size_t inUse_ = 0;
  };

  void requireOpen() const;
  std::string_view invalidReason(uint8_t invalid) const;
  void formatStamp(int64_t slot, double intendedUs, double actualUs);
  rd_kafka_resp_err_t send(rd_kafka_topic_t* rkt, int32_t partition, const Record& record, InFlight* inFlight);
  /** send() for a record that also carries a traceparent header (rare: built as a headers list). */
  rd_kafka_resp_err_t sendTraced(rd_kafka_topic_t* rkt, int32_t partition, const Record& record, InFlight* inFlight, const std::string& traceparent);
  /** Serves up to kMaxEventsPerPoll events without blocking; how many it served. */
  size_t serve(PollOutcome& out);
  /** Blocks until `dueUs` (us since the Unix epoch), serving reports into polled_ as they arrive. */
  void waitServing(double dueUs);
  void settle(rd_kafka_event_t* event, PollOutcome& out);
  void noteError(rd_kafka_event_t* event);
  void noteLog(rd_kafka_event_t* event);
  /** Whether this client holds a mock cluster that has ended by itself (serving the queue to find out). */
  bool mockClusterEnded() noexcept;
  /** close()'s end for such a client: it is left to the process's exit instead of destroyed (producer_mock.cc). */
  void abandon() noexcept;
  void note(const std::string& error);

  // Declaration order is destruction order, reversed: the topic handles and the queue go before the
  // rd_kafka_t, and the in-flight records (which librdkafka only carries as opaques) after it.
  Pool pool_;
  /** Declared before rk_: librdkafka's threads may notify it until rd_kafka_destroy() has joined them. */
  QueueWakeup wakeup_;
  Registry* registry_;
  KafkaPtr rk_;
  QueuePtr queue_;
  std::vector<TopicPtr> topics_;
  std::vector<std::string> topicNames_;
  std::vector<std::string> invalidReasons_;
  /** Partitions per topic from metadata(); -1 until it ran. */
  std::vector<int32_t> partitions_;
  std::optional<std::string> lastError_;
  std::optional<std::string> fatal_;
  std::optional<std::string> mockFailure_;
  bool idempotent_ = false;
  bool statsEnabled_ = false;
  bool pidAssigned_ = false;
  std::optional<std::string> lastStats_;
  // Scratch reused across calls: the stamp prefix and header, the results, the DR message array.
  std::string prefix_;
  std::string header_;
  ProduceOutcome produced_;
  PollOutcome polled_;
  std::vector<const rd_kafka_message_t*> messages_;
};

/** Math.round for the header's integers (halves up); 0 for what is not a finite int64. */
long long roundUs(double us);

}  // namespace loadgen

#include "consumer_core.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "clock.h"
#include "consumer_stamp.h"

namespace loadgen {

namespace {

constexpr size_t kMaxTopics = 256;  // the per-record topic index is a u8
/** Slots below 2^40 (SlotSet's decodable pages): a trillion records per producer thread. */
constexpr int64_t kMaxSlot = (1LL << 40) - 1;
/** Topic handles remembered per consumer before the cache starts over (it holds one per topic in practice). */
constexpr size_t kTopicCacheLimit = 1024;
constexpr size_t kMaxMessagesPerPoll = 1000000;
/** How long an offset reset may wait for the partition's bounds from the broker, ms. */
constexpr int kResetQueryTimeoutMs = 5000;

void errorCallback(rd_kafka_t* /*rk*/, int err, const char* reason, void* opaque) {
  if (opaque != nullptr) static_cast<ConsumerCore*>(opaque)->onError(err, reason);
}

void logCallback(const rd_kafka_t* rk, int /*level*/, const char* /*facility*/, const char* text) {
  void* opaque = rd_kafka_opaque(rk);
  if (opaque != nullptr) static_cast<ConsumerCore*>(opaque)->onLog(text);
}

std::string randomGroupId() {
  std::random_device random;
  char id[64];
  std::snprintf(id, sizeof id, "loadgen-native-consumer-%08x%08x", random(), random());
  return id;
}

/** Releases every message of a batch, whatever happens while they are read. */
class MessageBatch {
 public:
  MessageBatch(rd_kafka_message_t** messages, size_t count) noexcept : messages_(messages), count_(count) {}
  ~MessageBatch() {
    for (size_t i = 0; i < count_; i++) rd_kafka_message_destroy(messages_[i]);
  }
  MessageBatch(const MessageBatch&) = delete;
  MessageBatch& operator=(const MessageBatch&) = delete;

 private:
  rd_kafka_message_t** messages_;
  size_t count_;
};

}  // namespace

void ConsumeCounts::add(const ConsumeCounts& other) noexcept {
  received += other.received;
  duplicates += other.duplicates;
  outOfOrder += other.outOfOrder;
  foreign += other.foreign;
  unstamped += other.unstamped;
  malformed += other.malformed;
  negative += other.negative;
}

ConsumerCore::ConsumerCore(const Config& config, const std::vector<std::string>& topics, std::string runId, Registry* registry)
    : registry_(nullptr), topicNames_(topics) {
  if (topics.empty() || topics.size() > kMaxTopics) throw std::invalid_argument("a consumer needs 1 to 256 topics (the topic index is one byte)");
  if (!runId.empty()) runId_ = std::move(runId);
  ConfPtr conf(rd_kafka_conf_new());
  const bool logsToQueue = applyConfig(conf.get(), config);
  const bool hasGroup = std::any_of(config.begin(), config.end(), [](const auto& entry) { return entry.first == "group.id"; });
  if (!hasGroup) forceConfig(conf.get(), "group.id", randomGroupId());
  forceConfig(conf.get(), "enable.auto.commit", "false");
  forceConfig(conf.get(), "enable.auto.offset.store", "false");
  // librdkafka would reset an out-of-range offset on its own and only log it; with `error` the reset comes
  // to poll() as a message, which reports it and resumes (see reset()).
  forceConfig(conf.get(), "auto.offset.reset", "error");
  rd_kafka_conf_set_error_cb(conf.get(), &errorCallback);
  if (logsToQueue) rd_kafka_conf_set_log_cb(conf.get(), &logCallback);
  rd_kafka_conf_set_opaque(conf.get(), this);

  char errstr[512];
  rk_.reset(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof errstr));
  if (!rk_) throw std::invalid_argument(std::string("cannot create the consumer: ") + errstr);
  conf.release();  // rd_kafka_new owns it now
  // The client's errors and log lines (the main queue) come through the consumer queue too, so one serving
  // thread (the caller's, in poll()) sees everything.
  rd_kafka_poll_set_consumer(rk_.get());
  queue_.reset(rd_kafka_queue_get_consumer(rk_.get()));
  if (!queue_) throw std::logic_error("the consumer has no consumer queue (no group.id?)");
  if (logsToQueue) rd_kafka_set_log_queue(rk_.get(), queue_.get());
  registry_ = registry;
  if (registry_ != nullptr) registry_->add(this);
}

ConsumerCore::~ConsumerCore() { close(); }

void ConsumerCore::close() noexcept {
  if (rk_) {
    queue_.reset();
    rk_.reset();  // rd_kafka_destroy_flags: joins librdkafka's threads, frees what is still queued
  }
  topicCache_.clear();
  if (registry_ != nullptr) {
    registry_->remove(this);
    registry_ = nullptr;
  }
}

void ConsumerCore::detach() noexcept {
  registry_ = nullptr;
  close();
}

void ConsumerCore::requireOpen() const {
  if (!rk_) throw std::logic_error("the native consumer is closed (close() was called, or its thread is exiting)");
}

const std::string& ConsumerCore::topicName(uint8_t topic) const {
  if (topic >= topicNames_.size()) {
    throw std::invalid_argument("topic index " + std::to_string(topic) + ": the consumer has " + std::to_string(topicNames_.size()) + " topics");
  }
  return topicNames_[topic];
}

std::vector<int32_t> ConsumerCore::metadata(int timeoutMs) {
  requireOpen();
  return partitionCounts(rk_.get(), topicNames_, timeoutMs);
}

void ConsumerCore::assign(const std::vector<Assignment>& assignments) {
  requireOpen();
  for (const Assignment& a : assignments) {
    topicName(a.topic);
    if (a.partition < 0) throw std::invalid_argument("partition must be >= 0");
    if (a.offset < 0 && a.offset != RD_KAFKA_OFFSET_BEGINNING && a.offset != RD_KAFKA_OFFSET_END) {
      throw std::invalid_argument("offset must be >= 0, OFFSET_BEGINNING (-2) or OFFSET_END (-1)");
    }
  }
  reassign(assignments);
  for (const Assignment& a : assignments) positions_[key(a.topic, a.partition)] = a.offset;
}

void ConsumerCore::reassign(const std::vector<Assignment>& assignments) {
  // Incremental assignment (no group is joined, so no rebalance protocol constrains it): partitions are
  // added one call at a time, and one already assigned is taken out first and put back at its new offset.
  PartitionListPtr removed(rd_kafka_topic_partition_list_new(static_cast<int>(assignments.size())));
  PartitionListPtr added(rd_kafka_topic_partition_list_new(static_cast<int>(assignments.size())));
  for (const Assignment& a : assignments) {
    const std::string& name = topicName(a.topic);
    rd_kafka_topic_partition_list_add(added.get(), name.c_str(), a.partition)->offset = a.offset;
    if (positions_.count(key(a.topic, a.partition)) > 0) rd_kafka_topic_partition_list_add(removed.get(), name.c_str(), a.partition);
  }
  if (removed->cnt > 0) {
    const ErrorPtr error(rd_kafka_incremental_unassign(rk_.get(), removed.get()));
    if (error) throw KafkaError(rd_kafka_error_code(error.get()), std::string("unassign: ") + rd_kafka_error_string(error.get()));
  }
  const ErrorPtr error(rd_kafka_incremental_assign(rk_.get(), added.get()));
  if (error) throw KafkaError(rd_kafka_error_code(error.get()), std::string("assign: ") + rd_kafka_error_string(error.get()));
}

void ConsumerCore::pause(bool paused) {
  requireOpen();
  rd_kafka_topic_partition_list_t* raw = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_assignment(rk_.get(), &raw);
  const PartitionListPtr assigned(raw);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw KafkaError(err, std::string("assignment: ") + rd_kafka_err2str(err));
  err = paused ? rd_kafka_pause_partitions(rk_.get(), assigned.get()) : rd_kafka_resume_partitions(rk_.get(), assigned.get());
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw KafkaError(err, std::string(paused ? "pause: " : "resume: ") + rd_kafka_err2str(err));
}

std::pair<int64_t, int64_t> ConsumerCore::watermarks(uint8_t topic, int32_t partition, int timeoutMs) {
  requireOpen();
  const std::string& name = topicName(topic);
  int64_t low = -1;
  int64_t high = -1;
  const rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(rk_.get(), name.c_str(), partition, &low, &high, std::max(timeoutMs, 0));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError(err, "watermarks of " + name + " [" + std::to_string(partition) + "]: " + rd_kafka_err2str(err));
  }
  return {low, high};
}

const ConsumeOutcome& ConsumerCore::poll(size_t maxMessages, int timeoutMs) {
  requireOpen();
  ConsumeOutcome& out = polled_;
  out.messages = 0;
  out.counts = ConsumeCounts{};
  out.topic.clear();
  out.e2eUs.clear();
  out.e2eUncorrectedUs.clear();
  out.traced.clear();
  out.eof = 0;
  out.resets.clear();
  out.errors = 0;
  out.error.reset();
  pollErrors_ = 0;
  pollError_.reset();

  maxMessages = std::clamp<size_t>(maxMessages, 1, kMaxMessagesPerPoll);
  if (messages_.size() < maxMessages) messages_.resize(maxMessages);
  // What is there now, without waiting; when nothing is, wait for the first record only (a batch call with a
  // timeout would wait for a full batch), then take what arrived with it.
  ssize_t count = rd_kafka_consume_batch_queue(queue_.get(), 0, messages_.data(), maxMessages);
  if (count < 0) {
    const rd_kafka_resp_err_t err = rd_kafka_last_error();
    throw KafkaError(err, std::string("consume: ") + rd_kafka_err2str(err));
  }
  if (count == 0 && timeoutMs > 0) {
    rd_kafka_message_t* first = rd_kafka_consume_queue(queue_.get(), timeoutMs);
    if (first != nullptr) {
      messages_[0] = first;
      count = 1;
      if (maxMessages > 1) {
        const ssize_t more = rd_kafka_consume_batch_queue(queue_.get(), 0, messages_.data() + 1, maxMessages - 1);
        if (more > 0) count += more;
      }
    }
  }
  const double now = nowUs();
  out.receivedUs = now;
  {
    const MessageBatch batch(messages_.data(), static_cast<size_t>(count));
    for (ssize_t i = 0; i < count; i++) handle(messages_[static_cast<size_t>(i)], now, out);
  }
  totals_.add(out.counts);
  if (out.messages > 0 && !pollError_) lastError_.reset();  // records arrive: the client is healthy again
  out.errors = pollErrors_;
  out.error = pollError_;
  return out;
}

int ConsumerCore::topicIndex(rd_kafka_topic_t* rkt) {
  for (const auto& [handle, index] : topicCache_) {
    if (handle == rkt) return index;
  }
  const char* name = rd_kafka_topic_name(rkt);
  int index = -1;
  for (size_t t = 0; name != nullptr && t < topicNames_.size(); t++) {
    if (topicNames_[t] == name) {
      index = static_cast<int>(t);
      break;
    }
  }
  if (topicCache_.size() >= kTopicCacheLimit) topicCache_.clear();
  topicCache_.emplace_back(rkt, index);
  return index;
}

void ConsumerCore::handle(const rd_kafka_message_t* message, double nowUs, ConsumeOutcome& out) {
  const int topic = message->rkt != nullptr ? topicIndex(message->rkt) : -1;
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      out.eof++;
      if (topic >= 0 && message->offset >= 0) positions_[key(static_cast<uint8_t>(topic), message->partition)] = message->offset;
      return;
    }
    if (topic >= 0 && (message->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET || message->err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE)) {
      reset(static_cast<uint8_t>(topic), message, out);
      return;
    }
    std::string text = rd_kafka_message_errstr(message);
    if (message->rkt != nullptr) text = std::string(rd_kafka_topic_name(message->rkt)) + " [" + std::to_string(message->partition) + "]: " + text;
    pollErrors_++;
    pollError_ = text;
    note(text);
    return;
  }
  out.messages++;
  if (topic < 0) {
    out.counts.foreign++;  // not one of this consumer's topics: cannot happen with a manual assignment
    return;
  }
  positions_[key(static_cast<uint8_t>(topic), message->partition)] = message->offset + 1;
  record(static_cast<uint8_t>(topic), message->partition, message, nowUs, out);
}

void ConsumerCore::record(uint8_t topic, int32_t partition, const rd_kafka_message_t* message, double nowUs, ConsumeOutcome& out) {
  ConsumeCounts& counts = out.counts;
  rd_kafka_headers_t* headers = nullptr;
  const void* value = nullptr;
  size_t size = 0;
  // The first `lg` header, as src/consumer/measure.ts reads it.
  if (rd_kafka_message_headers(message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR ||
      rd_kafka_header_get(headers, 0, "lg", &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    counts.unstamped++;
    return;
  }
  ParsedStamp stamp;
  if (!parseStamp(static_cast<const uint8_t*>(value), size, stamp) || stamp.slot > kMaxSlot) {
    counts.unstamped++;
    counts.malformed++;
    return;
  }
  if (!runId_) runId_ = std::string(stamp.runId);
  if (stamp.runId != *runId_) {
    counts.foreign++;
    return;
  }
  auto [found, isNew] = slots_.try_emplace(stamp.producerId);
  if (isNew) producerOrder_.push_back(stamp.producerId);
  if (!found->second.add(stamp.slot)) {
    counts.duplicates++;
    return;
  }
  counts.received++;

  const auto [highest, first] = highest_.try_emplace(OrderKey{stamp.producerId, key(topic, partition)}, stamp.slot);
  if (!first) {
    if (stamp.slot < highest->second) {
      counts.outOfOrder++;
    } else {
      highest->second = stamp.slot;
    }
  }
  const double e2e = nowUs - static_cast<double>(stamp.intendedUs);
  const double uncorrected = nowUs - static_cast<double>(stamp.actualUs);
  // LatencyRecorder records Math.round(us) and counts what is below 0: x < -0.5.
  if (e2e < -0.5) counts.negative++;
  if (uncorrected < -0.5) counts.negative++;
  out.topic.push_back(topic);
  out.e2eUs.push_back(e2e);
  out.e2eUncorrectedUs.push_back(uncorrected);
  // A sampled record (--trace-sample) names its producer span; the last traceparent header wins, as W3C says
  // of a repeated one. A value over 64 bytes is not a version-00 traceparent: left out.
  if (rd_kafka_header_get_last(headers, "traceparent", &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR && value != nullptr && size <= 64) {
    out.traced.push_back(TracedRecord{topic, partition, message->offset, std::string(static_cast<const char*>(value), size)});
  }
}

void ConsumerCore::reset(uint8_t topic, const rd_kafka_message_t* message, ConsumeOutcome& out) {
  OffsetReset r;
  r.topic = topic;
  r.partition = message->partition;
  r.offset = message->offset;
  r.reason = rd_kafka_message_errstr(message);
  // The log's bounds as the failing fetch reported them (cached by librdkafka: no request, no wait). A real
  // broker's out-of-range answer leaves that cache empty when no fetch of the partition succeeded before
  // (measured: a reader assigned at a deleted offset), so then they are asked of the broker: a rare event,
  // worth a round trip to know how many records were skipped.
  int64_t low = -1;
  int64_t high = -1;
  if (rd_kafka_get_watermark_offsets(rk_.get(), topicNames_[topic].c_str(), r.partition, &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR || low < 0 || high < 0) {
    if (rd_kafka_query_watermark_offsets(rk_.get(), topicNames_[topic].c_str(), r.partition, &low, &high, kResetQueryTimeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR) low = high = -1;
  }
  r.low = low;
  r.high = high;
  if (r.offset >= 0 && low >= 0 && r.offset < low) {
    // Gone before they were read (retention, DeleteRecords): [offset, low) is lost to this consumer.
    r.resumedAt = low;
    r.skipped = low - r.offset;
  } else if (r.offset >= 0 && high >= 0 && r.offset > high) {
    // The log ends before the offset (truncated, or assigned past its end): nothing readable is skipped.
    r.resumedAt = high;
    r.skipped = 0;
  } else {
    r.resumedAt = RD_KAFKA_OFFSET_BEGINNING;
    r.skipped = -1;
  }
  try {
    reassign({Assignment{topic, r.partition, r.resumedAt}});
    positions_[key(topic, r.partition)] = r.resumedAt;
  } catch (const std::exception& e) {
    const std::string text = topicNames_[topic] + " [" + std::to_string(r.partition) + "]: cannot resume after an offset reset: " + e.what();
    pollErrors_++;
    pollError_ = text;
    note(text);
  }
  out.resets.push_back(std::move(r));
}

std::vector<Position> ConsumerCore::positions() const {
  std::vector<Position> result;
  result.reserve(positions_.size());
  for (const auto& [k, offset] : positions_) {
    const uint8_t topic = static_cast<uint8_t>(k >> 32);
    const int32_t partition = static_cast<int32_t>(k & 0xffffffffu);
    int64_t low = -1;
    int64_t high = -1;
    // The cached watermarks of the last fetch response: asks nothing of the broker, so it may run per batch.
    if (rk_ == nullptr || topic >= topicNames_.size() ||
        rd_kafka_get_watermark_offsets(rk_.get(), topicNames_[topic].c_str(), partition, &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR || high < 0) {
      high = -1;  // not fetched yet: librdkafka answers RD_KAFKA_OFFSET_INVALID (-1001)
    }
    result.push_back(Position{topic, partition, offset, high});
  }
  return result;
}

void ConsumerCore::receivedSlots(int64_t producerId, std::vector<double>& full, std::vector<double>& partial, std::vector<uint8_t>& bits) const {
  const auto found = slots_.find(producerId);
  if (found != slots_.end()) found->second.exportPages(full, partial, bits);
}

void ConsumerCore::onError(int err, const char* reason) noexcept {
  try {
    std::string message = reason != nullptr ? reason : rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(err));
    if (err == RD_KAFKA_RESP_ERR__FATAL && rk_) {
      char text[512] = "";
      const rd_kafka_resp_err_t original = rd_kafka_fatal_error(rk_.get(), text, sizeof text);
      fatal_ = std::string(rd_kafka_err2name(original)) + ": " + text;
      message = *fatal_;
    }
    pollErrors_++;
    pollError_ = message;
    note(message);
    if (rk_) rd_kafka_yield(rk_.get());  // poll() returns now with the error, not at its timeout
  } catch (...) {
    // Out of memory in a C callback: the error is lost, nothing else.
  }
}

void ConsumerCore::onLog(const char* text) noexcept {
  try {
    if (text != nullptr && isSecurityFailure(text)) note(text);
  } catch (...) {
  }
}

void ConsumerCore::note(const std::string& error) {
  // As ClientErrors does: the reason a cluster refused the client outlives the "all brokers down" that follow it.
  if (!lastError_ || !isSecurityFailure(*lastError_) || isSecurityFailure(error)) lastError_ = error;
}

}  // namespace loadgen

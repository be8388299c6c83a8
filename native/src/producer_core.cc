#include "producer_core.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "clock.h"
#include "murmur2.h"

namespace loadgen {

namespace {

constexpr size_t kPoolBlock = 4096;
/** Events one poll() serves at most, so a call returns even while reports keep arriving. */
constexpr size_t kMaxEventsPerPoll = 4096;
constexpr size_t kMessagesPerRead = 1024;
/** The shortest wait for a record's send time, us (see produceChunk). */
constexpr double kWaitQuantumUs = 250;
constexpr size_t kMaxTopics = 256;  // the batch's topic index is a u8

/** librdkafka's message for a code; a record too large also names the property that limits it (as the JS path does). */
const char* failureReason(rd_kafka_resp_err_t err) {
  if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) return "Broker: Message size too large (message.max.bytes)";
  return rd_kafka_err2str(err);
}

}  // namespace

long long roundUs(double us) {
  if (!(us >= -9.0e18 && us <= 9.0e18)) return 0;
  return static_cast<long long>(std::floor(us + 0.5));
}

// ---- Failures ----

void Failures::reset(size_t topics) {
  total = 0;
  byReason.clear();
  byTopic.assign(topics, 0);
}

void Failures::add(uint8_t topic, const char* reason) {
  total++;
  if (topic < byTopic.size()) byTopic[topic]++;
  for (auto& entry : byReason) {
    if (entry.first == reason) {
      entry.second++;
      return;
    }
  }
  byReason.emplace_back(reason, 1);
}

// ---- Pool ----

ProducerCore::InFlight* ProducerCore::Pool::take() {
  if (free_ == nullptr) {
    std::unique_ptr<InFlight[]> block(new InFlight[kPoolBlock]);
    for (size_t i = 0; i < kPoolBlock; i++) block[i].nextFree = i + 1 < kPoolBlock ? &block[i + 1] : nullptr;
    free_ = &block[0];
    blocks_.push_back(std::move(block));
  }
  InFlight* record = free_;
  free_ = record->nextFree;
  inUse_++;
  return record;
}

void ProducerCore::Pool::give(InFlight* record) noexcept {
  record->nextFree = free_;
  free_ = record;
  inUse_--;
}

void ProducerCore::Pool::clear() noexcept {
  blocks_.clear();
  free_ = nullptr;
  inUse_ = 0;
}

// ---- ProducerCore ----

ProducerCore::ProducerCore(const std::vector<std::pair<std::string, std::string>>& config, const std::vector<std::string>& topics,
                           std::vector<std::string> invalidReasons, Registry* registry)
    : registry_(nullptr), topicNames_(topics), invalidReasons_(std::move(invalidReasons)), messages_(kMessagesPerRead) {
  if (topics.empty() || topics.size() > kMaxTopics) throw std::invalid_argument("a producer needs 1 to 256 topics (the batch's topic index is one byte)");
  ConfPtr conf(rd_kafka_conf_new());
  char errstr[512];
  const bool logsToQueue = applyConfig(conf.get(), config);
  // An idempotent producer sends nothing before the broker has given it a producer id, and librdkafka asks
  // for one only when its 500 ms timer finds a broker up: records sent before then waited up to 500 ms
  // (measured: 200-400 ms ack tails at the start of runs). No API says when the id has come, but the
  // statistics do ("idemp_state": "Assigned"): they are enabled, every 100 ms unless the caller chose, so
  // that pidAssigned() can tell; serving them costs a substring search.
  idempotent_ = confValue(conf.get(), "enable.idempotence") == "true";
  const bool statsChosen = std::any_of(config.begin(), config.end(), [](const auto& kv) { return kv.first == "statistics.interval.ms"; });
  if (idempotent_ && !statsChosen) forceConfig(conf.get(), "statistics.interval.ms", "100");
  statsEnabled_ = confValue(conf.get(), "statistics.interval.ms") != "0";
  rd_kafka_conf_set_events(conf.get(), RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_STATS);

  rk_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr));
  if (!rk_) throw std::invalid_argument(std::string("cannot create the producer: ") + errstr);
  conf.release();  // rd_kafka_new owns it now
  queue_.reset(rd_kafka_queue_get_main(rk_.get()));
  if (logsToQueue) rd_kafka_set_log_queue(rk_.get(), queue_.get());
  wakeup_.attach(queue_.get());

  for (const std::string& name : topics) {
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk_.get(), name.c_str(), nullptr);
    if (rkt == nullptr) {
      const rd_kafka_resp_err_t err = rd_kafka_last_error();
      throw KafkaError(err, "topic \"" + name + "\": " + rd_kafka_err2str(err));
    }
    topics_.emplace_back(rkt);
  }
  partitions_.assign(topics.size(), -1);
  produced_.failures.reset(topics.size());
  resetPolled();
  registry_ = registry;
  if (registry_ != nullptr) registry_->add(this);
}

ProducerCore::~ProducerCore() { close(); }

void ProducerCore::close() noexcept {
  if (rk_) {
    const bool ended = mockClusterEnded();
    // What is still queued is abandoned: purge it so rd_kafka_destroy() need not wait for it.
    rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT | RD_KAFKA_PURGE_F_NON_BLOCKING);
    topics_.clear();
    if (ended) {
      abandon();  // rd_kafka_destroy() would hang or abort on the freed mock cluster: see producer_mock.cc
    } else {
      queue_.reset();
      rk_.reset();  // rd_kafka_destroy: joins librdkafka's threads, frees the queued events and messages
    }
  }
  pool_.clear();
  if (registry_ != nullptr) {
    registry_->remove(this);
    registry_ = nullptr;
  }
}

void ProducerCore::detach() noexcept {
  registry_ = nullptr;
  close();
}

void ProducerCore::requireOpen() const {
  if (!rk_) throw std::logic_error("the native producer is closed (close() was called, or its thread is exiting)");
}

std::vector<int32_t> ProducerCore::metadata(int timeoutMs) {
  requireOpen();
  std::vector<int32_t> counts = partitionCounts(rk_.get(), topicNames_, timeoutMs);
  partitions_ = counts;
  return counts;
}

std::string_view ProducerCore::invalidReason(uint8_t invalid) const {
  const size_t index = static_cast<size_t>(invalid) - 1;
  return index < invalidReasons_.size() ? std::string_view(invalidReasons_[index]) : std::string_view("unknown");
}

void ProducerCore::formatStamp(int64_t slot, double intendedUs, double actualUs) {
  // std::to_chars, not snprintf: once per record, the format string's parsing and locale handling were
  // 1.7% of a producer thread's samples (perf, --rate 50000 --workers 8).
  // Each number gets 21 characters of room (a sign and 19 digits fit) and a slash after it: 3 x 22.
  char numbers[66];
  size_t n = 0;
  const auto put = [&](long long value, bool slash) {
    n = static_cast<size_t>(std::to_chars(numbers + n, numbers + n + 21, value).ptr - numbers);
    if (slash) numbers[n++] = '/';
  };
  put(static_cast<long long>(slot), true);
  put(roundUs(intendedUs), true);
  put(roundUs(actualUs), false);
  header_.assign(prefix_);
  header_.append(numbers, n);
}

rd_kafka_resp_err_t ProducerCore::send(rd_kafka_topic_t* rkt, int32_t partition, const Record& r, InFlight* inFlight) {
  void* value = const_cast<uint8_t*>(r.value);  // copied (RD_KAFKA_MSG_F_COPY), never written
  const size_t valueBytes = r.value != nullptr ? r.valueBytes : 0;
  const int64_t timestamp = r.timeMs >= 0 && r.timeMs < 9.0e15 ? static_cast<int64_t>(std::floor(r.timeMs)) : 0;
  const ssize_t headerBytes = static_cast<ssize_t>(header_.size());
  if (r.invalid == 0) {
    return rd_kafka_producev(rk_.get(), RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_VALUE(value, valueBytes), RD_KAFKA_V_KEY(r.key, r.keyBytes), RD_KAFKA_V_TIMESTAMP(timestamp),
                             RD_KAFKA_V_HEADER("lg", header_.data(), headerBytes), RD_KAFKA_V_OPAQUE(inFlight), RD_KAFKA_V_END);
  }
  const std::string_view reason = invalidReason(r.invalid);
  return rd_kafka_producev(rk_.get(), RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                           RD_KAFKA_V_VALUE(value, valueBytes), RD_KAFKA_V_KEY(r.key, r.keyBytes), RD_KAFKA_V_TIMESTAMP(timestamp),
                           RD_KAFKA_V_HEADER("lg", header_.data(), headerBytes),
                           RD_KAFKA_V_HEADER("loadgen-invalid", reason.data(), static_cast<ssize_t>(reason.size())), RD_KAFKA_V_OPAQUE(inFlight),
                           RD_KAFKA_V_END);
}

rd_kafka_resp_err_t ProducerCore::sendTraced(rd_kafka_topic_t* rkt, int32_t partition, const Record& r, InFlight* inFlight, const std::string& traceparent) {
  HeadersPtr headers(rd_kafka_headers_new(3));
  rd_kafka_header_add(headers.get(), "lg", -1, header_.data(), static_cast<ssize_t>(header_.size()));
  rd_kafka_header_add(headers.get(), "traceparent", -1, traceparent.data(), static_cast<ssize_t>(traceparent.size()));
  if (r.invalid != 0) {
    const std::string_view reason = invalidReason(r.invalid);
    rd_kafka_header_add(headers.get(), "loadgen-invalid", -1, reason.data(), static_cast<ssize_t>(reason.size()));
  }
  void* value = const_cast<uint8_t*>(r.value);  // copied (RD_KAFKA_MSG_F_COPY), never written
  const size_t valueBytes = r.value != nullptr ? r.valueBytes : 0;
  const int64_t timestamp = r.timeMs >= 0 && r.timeMs < 9.0e15 ? static_cast<int64_t>(std::floor(r.timeMs)) : 0;
  const rd_kafka_resp_err_t err =
      rd_kafka_producev(rk_.get(), RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                        RD_KAFKA_V_VALUE(value, valueBytes), RD_KAFKA_V_KEY(r.key, r.keyBytes), RD_KAFKA_V_TIMESTAMP(timestamp),
                        RD_KAFKA_V_HEADERS(headers.get()), RD_KAFKA_V_OPAQUE(inFlight), RD_KAFKA_V_END);
  // librdkafka owns the headers once the record is queued; refused, they are still ours to destroy.
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) headers.release();
  return err;
}

const ProduceOutcome& ProducerCore::produceChunk(const uint8_t* data, size_t size, uint32_t record, size_t offset, const Stamp& stamp, uint32_t limit,
                                                 double waitUntilUs) {
  requireOpen();
  ProduceOutcome& out = produced_;
  out.status = ProduceStatus::Done;
  out.dueUs = 0;
  out.queued = 0;
  out.topic.clear();
  out.publishDelayUs.clear();
  out.failures.reset(topics_.size());

  const Batch batch = openBatch(data, size);
  if (record > batch.count) {
    throw std::invalid_argument("record index " + std::to_string(record) + " is past the batch's " + std::to_string(batch.count) + " records");
  }
  prefix_.assign(stamp.runId);
  prefix_.push_back('/');
  prefix_.append(std::to_string(stamp.producerId));
  prefix_.push_back('/');

  // The first traced record at or after the one this call starts at (a chunk may take several calls).
  auto trace = std::lower_bound(stamp.traces.begin(), stamp.traces.end(), record, [](const auto& t, uint32_t r) { return t.first < r; });
  uint32_t consumed = 0;
  while (record < batch.count) {
    if (limit > 0 && consumed >= limit) {
      out.status = ProduceStatus::Limit;
      break;
    }
    const Record r = readRecord(batch, offset);
    if (r.topic >= topics_.size()) {
      throw std::invalid_argument("batch record " + std::to_string(record) + " has topic index " + std::to_string(r.topic) + "; the producer has " +
                                  std::to_string(topics_.size()) + " topics");
    }
    const int32_t partitions = partitions_[r.topic];
    if (partitions <= 0) {
      throw std::logic_error(partitions < 0 ? "call metadata() before produceChunk(): partitions are not known yet"
                                            : "topic \"" + topicNames_[r.topic] + "\" does not exist (metadata found no partitions)");
    }
    double now = nowUs();
    const double intendedUs = stamp.max ? now : r.timeMs * 1000.0;
    if (intendedUs > now && intendedUs <= waitUntilUs) {
      // Each wait lasts at least kWaitQuantumUs: records due closer together than that are sent together
      // when it ends, up to that much late (their publish delay says so), rather than one sleep and wake-up
      // per record, which cost more CPU than producing the record.
      waitServing(std::max(intendedUs, now + kWaitQuantumUs));
      now = std::max(nowUs(), intendedUs);  // the wait ends at its deadline, not before it
    }
    if (intendedUs > now) {
      out.status = ProduceStatus::NotDue;
      out.dueUs = intendedUs;
      break;
    }
    const int32_t partition = partitionFor(r.key, r.keyBytes, partitions);
    const int64_t slot = stamp.slotBase + static_cast<int64_t>(record);
    formatStamp(slot, intendedUs, now);
    InFlight* inFlight = pool_.take();
    *inFlight = InFlight{slot, intendedUs, now, r.valueBytes, r.topic, nullptr};
    const bool traced = trace != stamp.traces.end() && trace->first == record;
    const rd_kafka_resp_err_t err = traced ? sendTraced(topics_[r.topic].get(), partition, r, inFlight, trace->second) : send(topics_[r.topic].get(), partition, r, inFlight);
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      // Backpressure: the record is not consumed; the caller polls and resumes here.
      pool_.give(inFlight);
      out.status = ProduceStatus::QueueFull;
      break;
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      // Refused outright (too large, ...): no delivery report will come; it is failed now, and the walk goes on.
      pool_.give(inFlight);
      out.failures.add(r.topic, failureReason(err));
    } else {
      out.queued++;
    }
    out.topic.push_back(r.topic);
    out.publishDelayUs.push_back(now - intendedUs);
    if (traced) ++trace;
    record++;
    offset = r.next;
    consumed++;
  }
  out.record = record;
  out.offset = offset;
  return out;
}

const PollOutcome& ProducerCore::poll(double timeoutMs) {
  requireOpen();
  PollOutcome& out = polled_;
  const auto deadline = QueueWakeup::after(timeoutMs * 1000);
  const bool holding = out.acked > 0 || out.failures.total > 0;
  // Armed before serving: an event enqueued after the queue was found empty wakes the wait at once.
  wakeup_.arm();
  while (serve(out) == 0 && !holding && wakeup_.waitUntil(deadline)) wakeup_.arm();
  out.nowUs = nowUs();
  return out;
}

void ProducerCore::resetPolled() {
  PollOutcome& out = polled_;
  out.acked = 0;
  out.slot.clear();
  out.topic.clear();
  out.ackUs.clear();
  out.ackUncorrectedUs.clear();
  out.ackedByTopic.assign(topics_.size(), 0);
  out.ackedBytesByTopic.assign(topics_.size(), 0);
  out.failures.reset(topics_.size());
}

void ProducerCore::waitServing(double dueUs) {
  const auto deadline = QueueWakeup::after(dueUs - nowUs());
  wakeup_.arm();
  serve(polled_);
  while (wakeup_.waitUntil(deadline)) {
    wakeup_.arm();
    serve(polled_);
  }
}

size_t ProducerCore::serve(PollOutcome& out) {
  size_t events = 0;
  for (; events < kMaxEventsPerPoll; events++) {
    const EventPtr event(rd_kafka_queue_poll(queue_.get(), 0));
    if (!event) break;
    switch (rd_kafka_event_type(event.get())) {
      case RD_KAFKA_EVENT_DR:
        settle(event.get(), out);
        break;
      case RD_KAFKA_EVENT_ERROR:
        noteError(event.get());
        break;
      case RD_KAFKA_EVENT_LOG:
        noteLog(event.get());
        break;
      case RD_KAFKA_EVENT_STATS: {
        const char* stats = rd_kafka_event_stats(event.get());
        if (stats == nullptr) break;
        if (std::strstr(stats, "\"idemp_state\": \"Assigned\"") != nullptr) pidAssigned_ = true;
        lastStats_.emplace(stats);
        break;
      }
      default:
        break;
    }
  }
  return events;
}

void ProducerCore::settle(rd_kafka_event_t* event, PollOutcome& out) {
  // Every report in one event is seen by this thread at the same moment: its ack time.
  const double now = nowUs();
  size_t count;
  while ((count = rd_kafka_event_message_array(event, messages_.data(), messages_.size())) > 0) {
    for (size_t i = 0; i < count; i++) {
      const rd_kafka_message_t* message = messages_[i];
      InFlight* record = static_cast<InFlight*>(message->_private);
      if (record == nullptr) continue;  // not produced by produceChunk(): cannot happen
      if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        out.acked++;
        out.slot.push_back(static_cast<double>(record->slot));
        out.topic.push_back(record->topic);
        out.ackUs.push_back(now - record->intendedUs);
        out.ackUncorrectedUs.push_back(now - record->actualUs);
        out.ackedByTopic[record->topic]++;
        out.ackedBytesByTopic[record->topic] += record->valueBytes;
        lastError_.reset();
      } else {
        out.failures.add(record->topic, failureReason(message->err));
      }
      pool_.give(record);
    }
  }
}

void ProducerCore::noteError(rd_kafka_event_t* event) {
  const rd_kafka_resp_err_t err = rd_kafka_event_error(event);
  const char* text = rd_kafka_event_error_string(event);
  std::string message = text != nullptr ? text : rd_kafka_err2str(err);
  if (rd_kafka_event_error_is_fatal(event)) {
    char reason[512] = "";
    const rd_kafka_resp_err_t original = rd_kafka_fatal_error(rk_.get(), reason, sizeof reason);
    fatal_ = std::string(rd_kafka_err2name(original)) + ": " + reason;
    message = *fatal_;
  }
  note(message);
}

void ProducerCore::noteLog(rd_kafka_event_t* event) {
  const char* facility = nullptr;
  const char* text = nullptr;
  int level = 0;
  if (rd_kafka_event_log(event, &facility, &text, &level) != 0 || text == nullptr) return;
  if (isSecurityFailure(text)) lastError_ = text;
  if (const char* ended = mockClusterEnd(facility, text)) mockFailure_ = ended;
}

void ProducerCore::note(const std::string& error) {
  // As ClientErrors does: the reason a cluster refused the client outlives the "all brokers down" that follow it.
  if (!lastError_ || !isSecurityFailure(*lastError_) || isSecurityFailure(error)) lastError_ = error;
}

void ProducerCore::purge() {
  requireOpen();
  const rd_kafka_resp_err_t err = rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw KafkaError(err, std::string("purge: ") + rd_kafka_err2str(err));
}

}  // namespace loadgen

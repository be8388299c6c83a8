#include "producer_wrap.h"

#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "addon.h"
#include "napi_args.h"

namespace loadgen {

namespace {

// The layout of the result objects: src/kafka/native-results.ts reads them with the same indexes.
enum ProduceScalar { kStatus, kNextRecord, kNextOffset, kDueUs, kQueued, kProduceInFlight, kProduceFailed, kConsumed, kProduceScalars };
enum ProduceField { kProducedTopic, kPublishDelayUs, kProduceFailedByTopic };
enum PollScalar { kAcked, kNowUs, kPollInFlight, kPollFailed, kPollScalars };
enum PollField { kSlot, kAckedTopic, kAckUs, kAckUncorrectedUs, kAckedByTopic, kAckedBytesByTopic, kPollFailedByTopic };

using Kind = ResultArea::Kind;

ResultArea produceArea() {
  return ResultArea({{"topic", Kind::U8, true}, {"publishDelayUs", Kind::F64, true}, {"failedByTopic", Kind::U32, false}}, kProduceScalars, {"failures"});
}

ResultArea pollArea() {
  return ResultArea({{"slot", Kind::F64, true},
                     {"topic", Kind::U8, true},
                     {"ackUs", Kind::F64, true},
                     {"ackUncorrectedUs", Kind::F64, true},
                     {"ackedByTopic", Kind::U32, false},
                     {"ackedBytesByTopic", Kind::F64, false},
                     {"failedByTopic", Kind::U32, false}},
                    kPollScalars, {"failures", "lastError", "fatal"});
}

/** The failures by topic into the area; the reasons (rare) as a fresh object, only when there are any. */
void writeFailures(Napi::Env env, Napi::Object& object, ResultArea& area, size_t field, const Failures& failures) {
  area.copy(field, failures.byTopic);
  if (failures.total == 0) return;
  Napi::Object reasons = Napi::Object::New(env);
  for (const auto& [reason, count] : failures.byReason) reasons.Set(reason, Napi::Number::New(env, count));
  object.Set("failures", reasons);
}

/** Writes `value` into the object's property `name` when it differs from what was written last. */
void showChanged(Napi::Env env, Napi::Object& object, const char* name, const std::optional<std::string>& value, std::optional<std::string>& shown) {
  if (value == shown) return;
  object.Set(name, optionalString(env, value));
  shown = value;
}

}  // namespace

Napi::Function ProducerWrap::Define(Napi::Env env) {
  return DefineClass(env, "Producer",
                     {
                         InstanceMethod("metadata", &ProducerWrap::Metadata),
                         InstanceMethod("produceChunk", &ProducerWrap::ProduceChunk),
                         InstanceMethod("poll", &ProducerWrap::Poll),
                         InstanceMethod("purge", &ProducerWrap::Purge),
                         InstanceMethod("close", &ProducerWrap::Close),
                         InstanceMethod("inFlight", &ProducerWrap::InFlight),
                         InstanceMethod("pidAssigned", &ProducerWrap::PidAssigned),
                         InstanceMethod("takeStats", &ProducerWrap::TakeStats),
                         InstanceMethod("mockBootstraps", &ProducerWrap::MockBootstraps),
                         InstanceMethod("mockCreateTopic", &ProducerWrap::MockCreateTopic),
                         InstanceMethod("mockFailure", &ProducerWrap::MockFailure),
                     });
}

// new Producer(config: Record<string, string>, topics: string[], invalidReasons: string[])
ProducerWrap::ProducerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ProducerWrap>(info), produced_(produceArea()), polled_(pollArea()) {
  const Napi::Env env = info.Env();
  guarded(env, [&]() -> Napi::Value {
    if (info.Length() < 2 || !info[0].IsObject() || info[0].IsArray()) {
      throw Napi::TypeError::New(env, "new Producer(config, topics, invalidReasons): config must be an object of librdkafka properties");
    }
    const Config config = configObject(env, info[0]);
    const std::vector<std::string> topics = stringArray(env, info[1], "topics");
    std::vector<std::string> invalidReasons;
    if (info.Length() > 2 && !info[2].IsUndefined()) invalidReasons = stringArray(env, info[2], "invalidReasons");
    core_ = std::make_unique<ProducerCore>(config, topics, std::move(invalidReasons), &env.GetInstanceData<LoadgenAddon>()->registry());
    return env.Undefined();
  });
}

ProducerWrap::~ProducerWrap() {
  // Garbage-collected without close(), or the environment is going away: close() is noexcept.
  core_.reset();
}

ProducerCore& ProducerWrap::core(Napi::Env env) {
  if (!core_ || core_->closed()) {
    throw Napi::Error::New(env, "the native producer is closed (close() was called, or its thread is exiting)");
  }
  return *core_;
}

// metadata(timeoutMs): number[] (partitions per topic, 0 for a topic the cluster lacks)
Napi::Value ProducerWrap::Metadata(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const int timeoutMs = timeoutArg(info, 0);
    const std::vector<int32_t> counts = core(env).metadata(timeoutMs);
    Napi::Array result = Napi::Array::New(env, counts.size());
    for (size_t i = 0; i < counts.size(); i++) result.Set(static_cast<uint32_t>(i), Napi::Number::New(env, counts[i]));
    return result;
  });
}

/**
 * traces: [[record, traceparent], ...], records ascending: which records of the chunk carry a traceparent
 * header. A traceparent is at most 64 characters (W3C version 00 has 55).
 */
static std::vector<std::pair<uint32_t, std::string>> traceList(Napi::Env env, const Napi::Value& value) {
  if (!value.IsArray()) throw Napi::TypeError::New(env, "produceChunk: traces must be an array of [record, traceparent]");
  const Napi::Array list = value.As<Napi::Array>();
  std::vector<std::pair<uint32_t, std::string>> traces;
  traces.reserve(list.Length());
  for (uint32_t i = 0; i < list.Length(); i++) {
    const Napi::Value item = list.Get(i);
    const Napi::Array pair = item.IsArray() ? item.As<Napi::Array>() : Napi::Array();
    const Napi::Value record = pair.IsEmpty() || pair.Length() != 2 ? Napi::Value() : pair.Get(0u);
    const Napi::Value parent = pair.IsEmpty() || pair.Length() != 2 ? Napi::Value() : pair.Get(1u);
    if (record.IsEmpty() || !record.IsNumber() || parent.IsEmpty() || !parent.IsString()) {
      throw Napi::TypeError::New(env, "produceChunk: each trace must be [record, traceparent]");
    }
    const double index = record.As<Napi::Number>().DoubleValue();
    std::string traceparent = parent.As<Napi::String>().Utf8Value();
    if (!(index >= 0 && index <= 4294967295.0 && index == std::floor(index)) || traceparent.empty() || traceparent.size() > 64) {
      throw Napi::RangeError::New(env, "produceChunk: a trace needs a record index and a traceparent of 1 to 64 characters");
    }
    if (!traces.empty() && traces.back().first >= static_cast<uint32_t>(index)) throw Napi::RangeError::New(env, "produceChunk: traces must be in ascending record order");
    traces.emplace_back(static_cast<uint32_t>(index), std::move(traceparent));
  }
  return traces;
}

// produceChunk(batch, record, offset, runId, producerId, slotBase, max, limit, waitUntilUs, traces)
Napi::Value ProducerWrap::ProduceChunk(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    ProducerCore& producer = core(env);
    const uint8_t* data = nullptr;
    size_t size = 0;
    if (info.Length() > 0 && info[0].IsArrayBuffer()) {
      Napi::ArrayBuffer buffer = info[0].As<Napi::ArrayBuffer>();
      data = static_cast<const uint8_t*>(buffer.Data());
      size = buffer.ByteLength();
    } else if (info.Length() > 0 && info[0].IsTypedArray()) {
      Napi::TypedArray view = info[0].As<Napi::TypedArray>();
      data = static_cast<const uint8_t*>(view.ArrayBuffer().Data()) + view.ByteOffset();
      size = view.ByteLength();
    } else {
      throw Napi::TypeError::New(env, "produceChunk: batch must be an ArrayBuffer (or a typed array over one)");
    }
    const uint32_t record = static_cast<uint32_t>(countArg(info, 1, "record", 4294967295.0));
    const size_t offset = static_cast<size_t>(countArg(info, 2, "offset", 4294967295.0));
    if (info.Length() < 4 || !info[3].IsString()) throw Napi::TypeError::New(env, "produceChunk: runId must be a string");
    Stamp stamp;
    stamp.runId = info[3].As<Napi::String>().Utf8Value();
    stamp.producerId = static_cast<int64_t>(countArg(info, 4, "producerId", kMaxSafeInteger));
    stamp.slotBase = static_cast<int64_t>(countArg(info, 5, "slotBase", kMaxSafeInteger));
    stamp.max = info.Length() > 6 && info[6].ToBoolean().Value();
    const uint32_t limit = info.Length() > 7 && !info[7].IsUndefined() ? static_cast<uint32_t>(countArg(info, 7, "limit", 4294967295.0)) : 0;
    const double waitUntilUs = info.Length() > 8 && !info[8].IsUndefined() ? numberArg(info, 8, "waitUntilUs") : 0;
    if (!(waitUntilUs >= 0 && waitUntilUs <= kMaxSafeInteger)) throw Napi::RangeError::New(env, "waitUntilUs must be a time in us since the Unix epoch, or 0");
    if (info.Length() > 9 && !info[9].IsUndefined()) stamp.traces = traceList(env, info[9]);

    const ProduceOutcome& out = producer.produceChunk(data, size, record, offset, stamp, limit, waitUntilUs);
    Napi::Object result = produced_.prepare(env, producer.topicCount(), out.topic.size());
    double* scalars = produced_.scalars();
    scalars[kStatus] = static_cast<double>(out.status);
    scalars[kNextRecord] = out.record;
    scalars[kNextOffset] = static_cast<double>(out.offset);
    scalars[kDueUs] = out.dueUs;
    scalars[kQueued] = out.queued;
    scalars[kProduceInFlight] = static_cast<double>(producer.inFlight());
    scalars[kProduceFailed] = out.failures.total;
    scalars[kConsumed] = static_cast<double>(out.topic.size());
    produced_.copy(kProducedTopic, out.topic);
    produced_.copy(kPublishDelayUs, out.publishDelayUs);
    writeFailures(env, result, produced_, kProduceFailedByTopic, out.failures);
    return result;
  });
}

// poll(timeoutMs): the delivery reports and errors waiting, aggregated (timeoutMs may have fractions)
Napi::Value ProducerWrap::Poll(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    ProducerCore& producer = core(env);
    const PollOutcome& out = producer.poll(durationMsArg(info, 0));
    Napi::Object result = polled_.prepare(env, producer.topicCount(), out.slot.size());
    double* scalars = polled_.scalars();
    scalars[kAcked] = out.acked;
    scalars[kNowUs] = out.nowUs;
    scalars[kPollInFlight] = static_cast<double>(producer.inFlight());
    scalars[kPollFailed] = out.failures.total;
    polled_.copy(kSlot, out.slot);
    polled_.copy(kAckedTopic, out.topic);
    polled_.copy(kAckUs, out.ackUs);
    polled_.copy(kAckUncorrectedUs, out.ackUncorrectedUs);
    polled_.copy(kAckedByTopic, out.ackedByTopic);
    polled_.copy(kAckedBytesByTopic, out.ackedBytesByTopic);
    writeFailures(env, result, polled_, kPollFailedByTopic, out.failures);
    showChanged(env, result, "lastError", producer.lastError(), shownLastError_);
    showChanged(env, result, "fatal", producer.fatal(), shownFatal_);
    producer.resetPolled();
    return result;
  });
}

Napi::Value ProducerWrap::Purge(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    core(env).purge();
    return env.Undefined();
  });
}

Napi::Value ProducerWrap::Close(const Napi::CallbackInfo& info) {
  if (core_) core_->close();
  return info.Env().Undefined();
}

Napi::Value ProducerWrap::InFlight(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value { return Napi::Number::New(env, static_cast<double>(core(env).inFlight())); });
}

Napi::Value ProducerWrap::PidAssigned(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value { return Napi::Boolean::New(env, core(env).pidAssigned()); });
}

Napi::Value ProducerWrap::TakeStats(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value { return optionalString(env, core(env).takeStats()); });
}

Napi::Value ProducerWrap::MockBootstraps(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value { return optionalString(env, core(env).mockBootstraps()); });
}

// mockFailure(): why this client's mock cluster ended by itself (librdkafka's log line), or null
Napi::Value ProducerWrap::MockFailure(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value { return optionalString(env, core(env).mockFailure()); });
}

// mockCreateTopic(topic, partitions, replicationFactor = 1)
Napi::Value ProducerWrap::MockCreateTopic(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    ProducerCore& producer = core(env);
    if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "mockCreateTopic: topic must be a string");
    const int partitions = static_cast<int>(countArg(info, 1, "partitions", 100000));
    const int replication = info.Length() > 2 && !info[2].IsUndefined() ? static_cast<int>(countArg(info, 2, "replicationFactor", 16)) : 1;
    producer.mockCreateTopic(info[0].As<Napi::String>().Utf8Value(), partitions, replication);
    return env.Undefined();
  });
}

}  // namespace loadgen

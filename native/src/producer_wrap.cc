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

void setFailures(Napi::Env env, Napi::Object& result, const Failures& failures) {
  Napi::Object reasons = Napi::Object::New(env);
  for (const auto& [reason, count] : failures.byReason) reasons.Set(reason, Napi::Number::New(env, count));
  result.Set("failed", Napi::Number::New(env, failures.total));
  result.Set("failedByTopic", typedArray<Napi::Uint32Array>(env, failures.byTopic));
  result.Set("failures", reasons);
}

const char* statusName(ProduceStatus status) {
  switch (status) {
    case ProduceStatus::Done:
      return "done";
    case ProduceStatus::NotDue:
      return "not_due";
    case ProduceStatus::QueueFull:
      return "queue_full";
    case ProduceStatus::Limit:
      return "limit";
  }
  return "done";
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
                     });
}

// new Producer(config: Record<string, string>, topics: string[], invalidReasons: string[])
ProducerWrap::ProducerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ProducerWrap>(info) {
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
    Napi::Object result = Napi::Object::New(env);
    result.Set("status", Napi::String::New(env, statusName(out.status)));
    Napi::Object next = Napi::Object::New(env);
    next.Set("record", Napi::Number::New(env, out.record));
    next.Set("offset", Napi::Number::New(env, static_cast<double>(out.offset)));
    result.Set("next", next);
    result.Set("dueUs", out.status == ProduceStatus::NotDue ? Napi::Value(Napi::Number::New(env, out.dueUs)) : env.Null());
    result.Set("queued", Napi::Number::New(env, out.queued));
    result.Set("topic", typedArray<Napi::Uint8Array>(env, out.topic));
    result.Set("publishDelayUs", typedArray<Napi::Float64Array>(env, out.publishDelayUs));
    setFailures(env, result, out.failures);
    result.Set("inFlight", Napi::Number::New(env, static_cast<double>(producer.inFlight())));
    return result;
  });
}

// poll(timeoutMs): the delivery reports and errors waiting, aggregated (timeoutMs may have fractions)
Napi::Value ProducerWrap::Poll(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    ProducerCore& producer = core(env);
    const PollOutcome& out = producer.poll(durationMsArg(info, 0));
    Napi::Object result = Napi::Object::New(env);
    result.Set("acked", Napi::Number::New(env, out.acked));
    result.Set("nowUs", Napi::Number::New(env, out.nowUs));
    result.Set("slot", typedArray<Napi::Float64Array>(env, out.slot));
    result.Set("topic", typedArray<Napi::Uint8Array>(env, out.topic));
    result.Set("ackUs", typedArray<Napi::Float64Array>(env, out.ackUs));
    result.Set("ackUncorrectedUs", typedArray<Napi::Float64Array>(env, out.ackUncorrectedUs));
    result.Set("ackedByTopic", typedArray<Napi::Uint32Array>(env, out.ackedByTopic));
    result.Set("ackedBytesByTopic", typedArray<Napi::Float64Array>(env, out.ackedBytesByTopic));
    setFailures(env, result, out.failures);
    result.Set("inFlight", Napi::Number::New(env, static_cast<double>(producer.inFlight())));
    result.Set("lastError", optionalString(env, producer.lastError()));
    result.Set("fatal", optionalString(env, producer.fatal()));
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

#include "consumer_wrap.h"

#include <string>
#include <utility>
#include <vector>

#include "addon.h"
#include "consumer_stamp.h"
#include "napi_args.h"

namespace loadgen {

namespace {

/** A run id back to JavaScript as src/consumer/measure.ts decodes header bytes: latin1, one char per byte. */
Napi::String latin1(Napi::Env env, const std::string& bytes) {
  napi_value value;
  const napi_status status = napi_create_string_latin1(env, bytes.data(), bytes.size(), &value);
  NAPI_THROW_IF_FAILED(env, status, Napi::String());
  return Napi::String(env, value);
}

Napi::Object countsObject(Napi::Env env, const ConsumeCounts& counts) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("received", Napi::Number::New(env, static_cast<double>(counts.received)));
  result.Set("duplicates", Napi::Number::New(env, static_cast<double>(counts.duplicates)));
  result.Set("out_of_order", Napi::Number::New(env, static_cast<double>(counts.outOfOrder)));
  result.Set("foreign", Napi::Number::New(env, static_cast<double>(counts.foreign)));
  result.Set("unstamped", Napi::Number::New(env, static_cast<double>(counts.unstamped)));
  result.Set("malformed", Napi::Number::New(env, static_cast<double>(counts.malformed)));
  result.Set("negative", Napi::Number::New(env, static_cast<double>(counts.negative)));
  return result;
}

uint8_t topicArg(const Napi::CallbackInfo& info, size_t index) { return static_cast<uint8_t>(countArg(info, index, "topicIndex", 255)); }

int32_t partitionArg(Napi::Env env, const Napi::Value& value) {
  if (!value.IsNumber()) throw Napi::TypeError::New(env, "partition must be a number");
  const double partition = value.As<Napi::Number>().DoubleValue();
  if (!(partition >= 0 && partition <= 2147483647.0 && static_cast<double>(static_cast<int32_t>(partition)) == partition)) {
    throw Napi::RangeError::New(env, "partition must be an integer from 0 to 2147483647");
  }
  return static_cast<int32_t>(partition);
}

}  // namespace

Napi::Function ConsumerWrap::Define(Napi::Env env) {
  return DefineClass(env, "Consumer",
                     {
                         InstanceMethod("metadata", &ConsumerWrap::Metadata),
                         InstanceMethod("assign", &ConsumerWrap::Assign),
                         InstanceMethod("pause", &ConsumerWrap::Pause),
                         InstanceMethod("watermarks", &ConsumerWrap::Watermarks),
                         InstanceMethod("poll", &ConsumerWrap::Poll),
                         InstanceMethod("positions", &ConsumerWrap::Positions),
                         InstanceMethod("receivedSlots", &ConsumerWrap::ReceivedSlots),
                         InstanceMethod("producers", &ConsumerWrap::Producers),
                         InstanceMethod("counts", &ConsumerWrap::Counts),
                         InstanceMethod("runId", &ConsumerWrap::RunId),
                         InstanceMethod("close", &ConsumerWrap::Close),
                     });
}

// new Consumer(config: Record<string, string>, topics: string[], runId: string | null)
ConsumerWrap::ConsumerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ConsumerWrap>(info) {
  const Napi::Env env = info.Env();
  guarded(env, [&]() -> Napi::Value {
    if (info.Length() < 2 || !info[0].IsObject() || info[0].IsArray()) {
      throw Napi::TypeError::New(env, "new Consumer(config, topics, runId): config must be an object of librdkafka properties");
    }
    const Config config = configObject(env, info[0]);
    const std::vector<std::string> topics = stringArray(env, info[1], "topics");
    std::string runId;
    if (info.Length() > 2 && !info[2].IsNull() && !info[2].IsUndefined()) {
      if (!info[2].IsString()) throw Napi::TypeError::New(env, "new Consumer(config, topics, runId): runId must be a string or null");
      runId = info[2].As<Napi::String>().Utf8Value();
      if (runId.empty()) throw Napi::TypeError::New(env, "new Consumer(config, topics, runId): runId must not be empty (null adopts the first run seen)");
    }
    core_ = std::make_unique<ConsumerCore>(config, topics, std::move(runId), &env.GetInstanceData<LoadgenAddon>()->consumers());
    return env.Undefined();
  });
}

ConsumerWrap::~ConsumerWrap() { core_.reset(); }

ConsumerCore& ConsumerWrap::open(Napi::Env env) {
  if (!core_ || core_->closed()) throw Napi::Error::New(env, "the native consumer is closed (close() was called, or its thread is exiting)");
  return *core_;
}

ConsumerCore& ConsumerWrap::state(Napi::Env env) {
  if (!core_) throw Napi::Error::New(env, "the native consumer was not constructed");
  return *core_;
}

// metadata(timeoutMs): number[] (partitions per topic, 0 for a topic the cluster lacks)
Napi::Value ConsumerWrap::Metadata(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const int timeoutMs = timeoutArg(info, 0);
    const std::vector<int32_t> counts = open(env).metadata(timeoutMs);
    Napi::Array result = Napi::Array::New(env, counts.size());
    for (size_t i = 0; i < counts.size(); i++) result.Set(static_cast<uint32_t>(i), Napi::Number::New(env, counts[i]));
    return result;
  });
}

// assign([{ topicIndex, partition, offset }])
Napi::Value ConsumerWrap::Assign(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    ConsumerCore& consumer = open(env);
    if (info.Length() < 1 || !info[0].IsArray()) throw Napi::TypeError::New(env, "assign(assignments): an array of { topicIndex, partition, offset }");
    const Napi::Array array = info[0].As<Napi::Array>();
    std::vector<Assignment> assignments;
    assignments.reserve(array.Length());
    for (uint32_t i = 0; i < array.Length(); i++) {
      const Napi::Value item = array.Get(i);
      if (!item.IsObject()) throw Napi::TypeError::New(env, "assign(assignments): an array of { topicIndex, partition, offset }");
      const Napi::Object object = item.As<Napi::Object>();
      const Napi::Value topic = object.Get("topicIndex");
      const Napi::Value offset = object.Get("offset");
      if (!topic.IsNumber() || !offset.IsNumber()) throw Napi::TypeError::New(env, "assign: topicIndex and offset must be numbers");
      const double t = topic.As<Napi::Number>().DoubleValue();
      const double o = offset.As<Napi::Number>().DoubleValue();
      if (!(t >= 0 && t < static_cast<double>(consumer.topicCount()) && static_cast<double>(static_cast<int>(t)) == t)) {
        throw Napi::RangeError::New(env, "assign: topicIndex must be an integer from 0 to " + std::to_string(consumer.topicCount() - 1));
      }
      if (!(o >= -2 && o <= kMaxSafeInteger && static_cast<double>(static_cast<int64_t>(o)) == o)) {
        throw Napi::RangeError::New(env, "assign: offset must be an integer >= 0, OFFSET_BEGINNING (-2) or OFFSET_END (-1)");
      }
      assignments.push_back(Assignment{static_cast<uint8_t>(t), partitionArg(env, object.Get("partition")), static_cast<int64_t>(o)});
    }
    consumer.assign(assignments);
    return env.Undefined();
  });
}

// pause(paused: boolean): stops or resumes fetching every assigned partition.
Napi::Value ConsumerWrap::Pause(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    ConsumerCore& consumer = open(env);
    if (info.Length() < 1 || !info[0].IsBoolean()) throw Napi::TypeError::New(env, "pause(paused): a boolean");
    consumer.pause(info[0].As<Napi::Boolean>().Value());
    return env.Undefined();
  });
}

// watermarks(topicIndex, partition, timeoutMs): { low, high }
Napi::Value ConsumerWrap::Watermarks(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    ConsumerCore& consumer = open(env);
    const uint8_t topic = topicArg(info, 0);
    if (info.Length() < 2) throw Napi::TypeError::New(env, "watermarks(topicIndex, partition, timeoutMs): partition must be a number");
    const int32_t partition = partitionArg(env, info[1]);
    const auto [low, high] = consumer.watermarks(topic, partition, timeoutArg(info, 2));
    Napi::Object result = Napi::Object::New(env);
    result.Set("low", Napi::Number::New(env, static_cast<double>(low)));
    result.Set("high", Napi::Number::New(env, static_cast<double>(high)));
    return result;
  });
}

// poll(maxMessages, timeoutMs): one aggregate
Napi::Value ConsumerWrap::Poll(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    ConsumerCore& consumer = open(env);
    const size_t maxMessages = static_cast<size_t>(countArg(info, 0, "maxMessages", 1000000));
    if (maxMessages == 0) throw Napi::RangeError::New(env, "maxMessages must be an integer from 1 to 1000000");
    const ConsumeOutcome& out = consumer.poll(maxMessages, timeoutArg(info, 1));
    Napi::Object result = Napi::Object::New(env);
    result.Set("messages", Napi::Number::New(env, out.messages));
    result.Set("receivedUs", Napi::Number::New(env, out.receivedUs));
    result.Set("counts", countsObject(env, out.counts));
    result.Set("topic", typedArray<Napi::Uint8Array>(env, out.topic));
    result.Set("e2eUs", typedArray<Napi::Float64Array>(env, out.e2eUs));
    result.Set("e2eUncorrectedUs", typedArray<Napi::Float64Array>(env, out.e2eUncorrectedUs));
    result.Set("eof", Napi::Number::New(env, out.eof));
    Napi::Array resets = Napi::Array::New(env, out.resets.size());
    for (size_t i = 0; i < out.resets.size(); i++) {
      const OffsetReset& r = out.resets[i];
      Napi::Object reset = Napi::Object::New(env);
      reset.Set("topicIndex", Napi::Number::New(env, r.topic));
      reset.Set("partition", Napi::Number::New(env, r.partition));
      reset.Set("offset", Napi::Number::New(env, static_cast<double>(r.offset)));
      reset.Set("low", Napi::Number::New(env, static_cast<double>(r.low)));
      reset.Set("high", Napi::Number::New(env, static_cast<double>(r.high)));
      reset.Set("resumedAt", Napi::Number::New(env, static_cast<double>(r.resumedAt)));
      reset.Set("skipped", Napi::Number::New(env, static_cast<double>(r.skipped)));
      reset.Set("reason", Napi::String::New(env, r.reason));
      resets.Set(static_cast<uint32_t>(i), reset);
    }
    result.Set("resets", resets);
    Napi::Array traced = Napi::Array::New(env, out.traced.size());
    for (size_t i = 0; i < out.traced.size(); i++) {
      const TracedRecord& r = out.traced[i];
      Napi::Object record = Napi::Object::New(env);
      record.Set("topicIndex", Napi::Number::New(env, r.topic));
      record.Set("partition", Napi::Number::New(env, r.partition));
      record.Set("offset", Napi::Number::New(env, static_cast<double>(r.offset)));
      record.Set("traceparent", Napi::String::New(env, r.traceparent));
      traced.Set(static_cast<uint32_t>(i), record);
    }
    result.Set("traced", traced);
    result.Set("errors", Napi::Number::New(env, out.errors));
    result.Set("error", optionalString(env, out.error));
    result.Set("lastError", optionalString(env, consumer.lastError()));
    result.Set("fatal", optionalString(env, consumer.fatal()));
    return result;
  });
}

// positions(): [{ topicIndex, partition, offset }] for every assigned partition
Napi::Value ConsumerWrap::Positions(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const std::vector<Position> positions = state(env).positions();
    Napi::Array result = Napi::Array::New(env, positions.size());
    for (size_t i = 0; i < positions.size(); i++) {
      Napi::Object p = Napi::Object::New(env);
      p.Set("topicIndex", Napi::Number::New(env, positions[i].topic));
      p.Set("partition", Napi::Number::New(env, positions[i].partition));
      p.Set("offset", Napi::Number::New(env, static_cast<double>(positions[i].offset)));
      p.Set("high", Napi::Number::New(env, static_cast<double>(positions[i].high)));
      result.Set(static_cast<uint32_t>(i), p);
    }
    return result;
  });
}

// receivedSlots(producerId): { pageSlots, fullRuns: Float64Array, partial: Float64Array, bits: Uint8Array }, the
// pages of SlotSet.fromPages()
Napi::Value ConsumerWrap::ReceivedSlots(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const int64_t producerId = static_cast<int64_t>(countArg(info, 0, "producerId", kMaxSafeInteger));
    std::vector<double> fullRuns;
    std::vector<double> partial;
    std::vector<uint8_t> bits;
    state(env).receivedSlots(producerId, fullRuns, partial, bits);
    Napi::Object result = Napi::Object::New(env);
    result.Set("pageSlots", Napi::Number::New(env, SlotPages::kPageSlots));
    result.Set("fullRuns", typedArray<Napi::Float64Array>(env, fullRuns));
    result.Set("partial", typedArray<Napi::Float64Array>(env, partial));
    result.Set("bits", typedArray<Napi::Uint8Array>(env, bits));
    return result;
  });
}

Napi::Value ConsumerWrap::Producers(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const std::vector<int64_t>& producers = state(env).producers();
    Napi::Array result = Napi::Array::New(env, producers.size());
    for (size_t i = 0; i < producers.size(); i++) result.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(producers[i])));
    return result;
  });
}

Napi::Value ConsumerWrap::Counts(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value { return countsObject(env, state(env).totals()); });
}

Napi::Value ConsumerWrap::RunId(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const std::optional<std::string>& runId = state(env).runId();
    return runId ? Napi::Value(latin1(env, *runId)) : env.Null();
  });
}

Napi::Value ConsumerWrap::Close(const Napi::CallbackInfo& info) {
  if (core_) core_->close();
  return info.Env().Undefined();
}

Napi::Value ParseStampValue(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      throw Napi::TypeError::New(env, "parseStamp(bytes): expected a Uint8Array (or Buffer)");
    }
    const Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
    ParsedStamp stamp;
    if (!parseStamp(bytes.Data(), bytes.ByteLength(), stamp)) return env.Null();
    Napi::Object result = Napi::Object::New(env);
    result.Set("runId", latin1(env, std::string(stamp.runId)));
    result.Set("producerId", Napi::Number::New(env, static_cast<double>(stamp.producerId)));
    result.Set("slot", Napi::Number::New(env, static_cast<double>(stamp.slot)));
    result.Set("intendedUs", Napi::Number::New(env, static_cast<double>(stamp.intendedUs)));
    result.Set("actualUs", Napi::Number::New(env, static_cast<double>(stamp.actualUs)));
    return result;
  });
}

}  // namespace loadgen

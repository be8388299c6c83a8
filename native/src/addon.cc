#include "addon.h"

#include <librdkafka/rdkafka.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "clock.h"
#include "consumer_wrap.h"
#include "murmur2.h"
#include "producer_wrap.h"

namespace loadgen {

namespace {

#ifdef LOADGEN_SANITIZE
constexpr bool kSanitized = true;  // built by scripts/native-asan.sh (AddressSanitizer, UBSan)
#else
constexpr bool kSanitized = false;
#endif

/** The bytes of a Uint8Array/Buffer argument. */
std::pair<const uint8_t*, size_t> bytesArg(const Napi::CallbackInfo& info, size_t index) {
  if (index >= info.Length() || !info[index].IsTypedArray() || info[index].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(info.Env(), "expected a Uint8Array (or Buffer)");
  }
  Napi::Uint8Array bytes = info[index].As<Napi::Uint8Array>();
  return {bytes.Data(), bytes.ByteLength()};
}

}  // namespace

LoadgenAddon::LoadgenAddon(Napi::Env env, Napi::Object exports) {
  DefineAddon(exports, {
                           InstanceMethod("version", &LoadgenAddon::Version),
                           InstanceMethod("murmur2", &LoadgenAddon::Murmur2),
                           InstanceMethod("partitionFor", &LoadgenAddon::PartitionFor),
                           InstanceMethod("nowUs", &LoadgenAddon::NowUs),
                           InstanceMethod("threadCount", &LoadgenAddon::ThreadCount),
                           InstanceMethod("liveProducers", &LoadgenAddon::LiveProducers),
                           InstanceMethod("liveConsumers", &LoadgenAddon::LiveConsumers),
                           InstanceMethod("parseStamp", &LoadgenAddon::ParseStamp),
                           InstanceMethod("tuneMalloc", &LoadgenAddon::TuneMalloc),
                           InstanceValue("Producer", ProducerWrap::Define(env), napi_enumerable),
                           InstanceValue("Consumer", ConsumerWrap::Define(env), napi_enumerable),
                           InstanceValue("sanitized", Napi::Boolean::New(env, kSanitized), napi_enumerable),
                       });
}

Napi::Value LoadgenAddon::Version(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), rd_kafka_version_str()); }

Napi::Value LoadgenAddon::Murmur2(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    const auto [data, size] = bytesArg(info, 0);
    return Napi::Number::New(info.Env(), murmur2(data, size));
  });
}

Napi::Value LoadgenAddon::PartitionFor(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    const auto [data, size] = bytesArg(info, 0);
    if (info.Length() < 2 || !info[1].IsNumber()) throw Napi::TypeError::New(info.Env(), "partitionFor(key, partitions): partitions must be a number");
    const int32_t partitions = info[1].As<Napi::Number>().Int32Value();
    if (partitions <= 0) throw Napi::RangeError::New(info.Env(), "partitionFor(key, partitions): partitions must be > 0");
    return Napi::Number::New(info.Env(), partitionFor(data, size, partitions));
  });
}

Napi::Value LoadgenAddon::NowUs(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), nowUs()); }

Napi::Value LoadgenAddon::ThreadCount(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), rd_kafka_thread_cnt()); }

Napi::Value LoadgenAddon::LiveProducers(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(registry_.size()));
}

Napi::Value LoadgenAddon::LiveConsumers(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(consumers_.size()));
}

Napi::Value LoadgenAddon::ParseStamp(const Napi::CallbackInfo& info) { return ParseStampValue(info); }

// glibc's malloc gives each thread that allocates an arena of its own, up to eight per core, and keeps what
// is freed in it; it also raises its mmap threshold to the size of each large block freed, after which blocks
// of that size come from the arenas and stay there too (zlib's 260 KB deflate state, once per encoded
// histogram). A run has dozens of threads (V8's, librdkafka's, the workers'), so both held memory nothing
// used any more. Process-wide, so the CLI calls it once at its start, before any thread is made.
Napi::Value LoadgenAddon::TuneMalloc(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsNumber()) throw Napi::TypeError::New(info.Env(), "tuneMalloc(arenas, mmapThresholdBytes): numbers expected");
    const int arenas = info[0].As<Napi::Number>().Int32Value();
    const int threshold = info[1].As<Napi::Number>().Int32Value();
    if (arenas < 1 || threshold < 4096) throw Napi::RangeError::New(info.Env(), "tuneMalloc(arenas, mmapThresholdBytes): arenas >= 1 and a threshold >= 4096 expected");
#ifdef __GLIBC__
    const bool applied = mallopt(M_ARENA_MAX, arenas) == 1 && mallopt(M_MMAP_THRESHOLD, threshold) == 1;
#else
    const bool applied = false;  // another C library: nothing to tune this way
#endif
    return Napi::Boolean::New(info.Env(), applied);
  });
}

}  // namespace loadgen

using loadgen::LoadgenAddon;
NODE_API_ADDON(LoadgenAddon)

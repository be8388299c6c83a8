// The JavaScript class `Consumer` over ConsumerCore: argument checks, and results converted to plain objects
// of counts and typed arrays (one object per poll, never one per record).
#pragma once

#include <napi.h>

#include <memory>

#include "consumer_core.h"

namespace loadgen {

class ConsumerWrap : public Napi::ObjectWrap<ConsumerWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit ConsumerWrap(const Napi::CallbackInfo& info);
  ~ConsumerWrap() override;

 private:
  ConsumerCore& open(Napi::Env env);
  ConsumerCore& state(Napi::Env env);
  Napi::Value Metadata(const Napi::CallbackInfo& info);
  Napi::Value Assign(const Napi::CallbackInfo& info);
  Napi::Value Pause(const Napi::CallbackInfo& info);
  Napi::Value Watermarks(const Napi::CallbackInfo& info);
  Napi::Value Poll(const Napi::CallbackInfo& info);
  Napi::Value Positions(const Napi::CallbackInfo& info);
  Napi::Value ReceivedSlots(const Napi::CallbackInfo& info);
  Napi::Value Producers(const Napi::CallbackInfo& info);
  Napi::Value Counts(const Napi::CallbackInfo& info);
  Napi::Value RunId(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  std::unique_ptr<ConsumerCore> core_;
};

/** parseStamp(bytes): the native stamp parser, for tests ({ runId, producerId, slot, intendedUs, actualUs } or null). */
Napi::Value ParseStampValue(const Napi::CallbackInfo& info);

}  // namespace loadgen

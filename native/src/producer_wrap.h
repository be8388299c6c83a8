// The JavaScript class `Producer` over ProducerCore: argument checks, and results converted to plain
// objects of counts and typed arrays (one object per call, never one per record).
#pragma once

#include <napi.h>

#include <memory>

#include "producer_core.h"

namespace loadgen {

class ProducerWrap : public Napi::ObjectWrap<ProducerWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit ProducerWrap(const Napi::CallbackInfo& info);
  ~ProducerWrap() override;

 private:
  ProducerCore& core(Napi::Env env);
  Napi::Value Metadata(const Napi::CallbackInfo& info);
  Napi::Value ProduceChunk(const Napi::CallbackInfo& info);
  Napi::Value Poll(const Napi::CallbackInfo& info);
  Napi::Value Purge(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value InFlight(const Napi::CallbackInfo& info);
  Napi::Value PidAssigned(const Napi::CallbackInfo& info);
  Napi::Value TakeStats(const Napi::CallbackInfo& info);
  Napi::Value MockBootstraps(const Napi::CallbackInfo& info);
  Napi::Value MockCreateTopic(const Napi::CallbackInfo& info);

  std::unique_ptr<ProducerCore> core_;
};

}  // namespace loadgen

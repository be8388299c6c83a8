// The JavaScript class `Producer` over ProducerCore: argument checks, and results written into one result
// object per method (result_area.h), made once and rewritten by every call: counts and typed arrays, never
// one object per record, and nothing allocated per call.
#pragma once

#include <napi.h>

#include <memory>
#include <optional>
#include <string>

#include "producer_core.h"
#include "result_area.h"

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
  Napi::Value MockFailure(const Napi::CallbackInfo& info);
  Napi::Value MockCreateTopic(const Napi::CallbackInfo& info);

  std::unique_ptr<ProducerCore> core_;
  ResultArea produced_;
  ResultArea polled_;
  /** The lastError and fatal last written into polled_'s object: a string is made only when they change. */
  std::optional<std::string> shownLastError_;
  std::optional<std::string> shownFatal_;
};

}  // namespace loadgen

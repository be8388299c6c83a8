// The addon's per-environment state (Napi::Addon: instance data, no statics), so it loads in any number of
// worker threads at once. Node deletes it when the environment is torn down (a worker exits, the process
// ends); its registries then close every consumer, then every producer, still open.
#pragma once

#include <napi.h>

#include "consumer_core.h"
#include "producer_core.h"
#include "registry.h"

namespace loadgen {

class LoadgenAddon : public Napi::Addon<LoadgenAddon> {
 public:
  LoadgenAddon(Napi::Env env, Napi::Object exports);

  /** The producers of this environment. */
  Registry& registry() noexcept { return registry_; }
  /** The consumers of this environment. */
  Registry& consumers() noexcept { return consumers_; }

 private:
  Napi::Value Version(const Napi::CallbackInfo& info);
  Napi::Value Murmur2(const Napi::CallbackInfo& info);
  Napi::Value PartitionFor(const Napi::CallbackInfo& info);
  Napi::Value NowUs(const Napi::CallbackInfo& info);
  Napi::Value ThreadCount(const Napi::CallbackInfo& info);
  Napi::Value LiveProducers(const Napi::CallbackInfo& info);
  Napi::Value LiveConsumers(const Napi::CallbackInfo& info);
  Napi::Value ParseStamp(const Napi::CallbackInfo& info);
  Napi::Value TuneMalloc(const Napi::CallbackInfo& info);

  // Declaration order: the consumers are closed first (members are destroyed in reverse), so a consumer
  // reading a producer's mock cluster never outlives it.
  Registry registry_;
  Registry consumers_;
};

/**
 * Runs `body`, turning any C++ exception into a JavaScript Error (a KafkaError's code becomes the Error's
 * `code`), so that none crosses the N-API boundary.
 */
template <typename Body>
Napi::Value guarded(Napi::Env env, Body&& body) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const KafkaError& e) {
    Napi::Error error = Napi::Error::New(env, e.what());
    error.Set("code", Napi::Number::New(env, static_cast<double>(e.code())));
    throw error;
  } catch (const std::invalid_argument& e) {
    throw Napi::TypeError::New(env, e.what());
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, e.what());
  } catch (...) {
    throw Napi::Error::New(env, "loadgen native addon: unknown C++ exception");
  }
}

}  // namespace loadgen

// Argument checks and result conversions the JavaScript classes share (producer_wrap.cc, consumer_wrap.cc).
#pragma once

#include <napi.h>

#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "client_common.h"

namespace loadgen {

constexpr double kMaxSafeInteger = 9007199254740991.0;

inline std::vector<std::string> stringArray(Napi::Env env, const Napi::Value& value, const char* what) {
  if (!value.IsArray()) throw Napi::TypeError::New(env, std::string(what) + " must be an array of strings");
  const Napi::Array array = value.As<Napi::Array>();
  std::vector<std::string> strings;
  strings.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); i++) {
    const Napi::Value item = array.Get(i);
    if (!item.IsString()) throw Napi::TypeError::New(env, std::string(what) + "[" + std::to_string(i) + "] must be a string");
    strings.push_back(item.As<Napi::String>().Utf8Value());
  }
  return strings;
}

inline double numberArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (index >= info.Length() || !info[index].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  return info[index].As<Napi::Number>().DoubleValue();
}

/** A non-negative safe integer argument. */
inline double countArg(const Napi::CallbackInfo& info, size_t index, const char* name, double max) {
  const double value = numberArg(info, index, name);
  if (!(value >= 0 && value <= max && std::floor(value) == value)) {
    throw Napi::RangeError::New(info.Env(), std::string(name) + " must be an integer from 0 to " + std::to_string(static_cast<long long>(max)));
  }
  return value;
}

inline int timeoutArg(const Napi::CallbackInfo& info, size_t index) {
  if (index >= info.Length() || info[index].IsUndefined()) return 0;
  return static_cast<int>(countArg(info, index, "timeoutMs", 2147483647.0));
}

/** A wait in milliseconds, fractions allowed (0 when absent). */
inline double durationMsArg(const Napi::CallbackInfo& info, size_t index) {
  if (index >= info.Length() || info[index].IsUndefined()) return 0;
  const double value = numberArg(info, index, "timeoutMs");
  if (!(value >= 0 && value <= 2147483647.0)) throw Napi::RangeError::New(info.Env(), "timeoutMs must be a number from 0 to 2147483647");
  return value;
}

template <typename Array, typename T>
inline Array typedArray(Napi::Env env, const std::vector<T>& values) {
  Array array = Array::New(env, values.size());
  if (!values.empty()) std::memcpy(array.Data(), values.data(), values.size() * sizeof(T));
  return array;
}

inline Napi::Value optionalString(Napi::Env env, const std::optional<std::string>& value) {
  return value ? Napi::Value(Napi::String::New(env, *value)) : env.Null();
}

/** A JavaScript object of librdkafka properties (string, number or boolean values), in its key order. */
inline Config configObject(Napi::Env env, const Napi::Value& value) {
  const Napi::Object object = value.As<Napi::Object>();
  const Napi::Array keys = object.GetPropertyNames();
  Config config;
  config.reserve(keys.Length());
  for (uint32_t i = 0; i < keys.Length(); i++) {
    const std::string key = keys.Get(i).ToString().Utf8Value();
    const Napi::Value item = object.Get(key);
    if (!item.IsString() && !item.IsNumber() && !item.IsBoolean()) {
      throw Napi::TypeError::New(env, "librdkafka property \"" + key + "\": the value must be a string, number or boolean");
    }
    config.emplace_back(key, item.ToString().Utf8Value());
  }
  return config;
}

}  // namespace loadgen

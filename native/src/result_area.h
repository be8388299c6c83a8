// The one object a method hands back on every call (ProducerWrap's produceChunk() and poll()): made once,
// its typed arrays written over in place, so a call allocates nothing in JavaScript.
//
// Why: a result built afresh (an object, ten named properties, three to seven typed arrays each with its own
// ArrayBuffer) cost 9-15 us of CPU per call, an empty one included, and a producer thread makes hundreds of
// calls a second while it paces a chunk: about a sixth of its time in `--rate 50000 --workers 8` (perf),
// plus the collections of the external ArrayBuffers. src/kafka/native-results.ts reads the object back into
// the typed result JavaScript uses; the layout of `scalars` is declared in both places.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace loadgen {

class ResultArea {
 public:
  enum class Kind { U8, U32, F64 };
  struct Field {
    const char* name;
    Kind kind;
    /** Per record (grows with the largest call) or per topic (fixed). */
    bool perRecord;
  };

  /** `others`: the object's other properties (set by the caller when they change), null at first. */
  ResultArea(std::vector<Field> fields, size_t scalars, std::vector<const char*> others = {})
      : fields_(std::move(fields)), scalars_(scalars), others_(std::move(others)), data_(fields_.size(), nullptr) {}

  /**
   * The object, made on the first call (with `topics` entries in each per-topic array), its per-record
   * arrays grown to hold `records`; every array's contents are left as they were.
   */
  Napi::Object prepare(Napi::Env env, size_t topics, size_t records) {
    if (object_.IsEmpty()) {
      Napi::Object object = Napi::Object::New(env);
      Napi::Float64Array scalars = Napi::Float64Array::New(env, scalars_);
      scalarData_ = scalars.Data();
      object.Set("scalars", scalars);
      for (size_t i = 0; i < fields_.size(); i++) {
        if (!fields_[i].perRecord) object.Set(fields_[i].name, make(env, i, topics));
      }
      for (const char* name : others_) object.Set(name, env.Null());
      object_ = Napi::Persistent(object);
    }
    Napi::Object object = object_.Value();
    if (records > capacity_ || capacity_ == 0) {
      size_t capacity = capacity_ == 0 ? kInitialRecords : capacity_;
      while (capacity < records) capacity *= 2;
      for (size_t i = 0; i < fields_.size(); i++) {
        if (fields_[i].perRecord) object.Set(fields_[i].name, make(env, i, capacity));
      }
      capacity_ = capacity;
    }
    return object;
  }

  double* scalars() noexcept { return scalarData_; }

  /** Copies `values` into field `field`'s array (which prepare() made large enough). */
  template <typename T>
  void copy(size_t field, const std::vector<T>& values) noexcept {
    if (!values.empty()) std::memcpy(data_[field], values.data(), values.size() * sizeof(T));
  }

 private:
  static constexpr size_t kInitialRecords = 256;

  Napi::Value make(Napi::Env env, size_t field, size_t length) {
    switch (fields_[field].kind) {
      case Kind::U8:
        return fresh<Napi::Uint8Array>(env, field, length);
      case Kind::U32:
        return fresh<Napi::Uint32Array>(env, field, length);
      case Kind::F64:
        break;
    }
    return fresh<Napi::Float64Array>(env, field, length);
  }

  /** A new array of `length` zeros for field `field`, whose bytes copy() writes from now on. */
  template <typename Array>
  Napi::Value fresh(Napi::Env env, size_t field, size_t length) {
    Array array = Array::New(env, length);
    data_[field] = array.Data();
    return array;
  }

  std::vector<Field> fields_;
  size_t scalars_;
  std::vector<const char*> others_;
  /** Each field's array's bytes; an ArrayBuffer's backing store never moves. */
  std::vector<void*> data_;
  double* scalarData_ = nullptr;
  size_t capacity_ = 0;
  Napi::ObjectReference object_;
};

}  // namespace loadgen

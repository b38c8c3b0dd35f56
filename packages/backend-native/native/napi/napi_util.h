// Small N-API helpers: argument access with type and length checks that throw JS errors
// instead of touching memory out of bounds.
#pragma once
#include <node_api.h>

#include <cstdint>
#include <string>

namespace gantry {

class Call {
 public:
  Call(napi_env env, napi_callback_info info, const char* name) : env_(env), name_(name) {
    argc_ = kMaxArgs;
    if (napi_get_cb_info(env, info, &argc_, argv_, nullptr, nullptr) != napi_ok) fail("bad call");
  }

  bool ok() const { return !failed_; }
  napi_env env() const { return env_; }

  // Throws (once) a JS TypeError naming the function and the problem.
  void fail(const std::string& what) {
    if (failed_) return;
    failed_ = true;
    napi_throw_type_error(env_, nullptr, (std::string(name_) + ": " + what).c_str());
  }

  bool isNull(size_t i) {
    if (i >= argc_) return true;
    napi_valuetype t;
    napi_typeof(env_, argv_[i], &t);
    return t == napi_null || t == napi_undefined;
  }

  double number(size_t i) {
    double v = 0;
    if (failed_) return 0;
    if (i >= argc_ || napi_get_value_double(env_, argv_[i], &v) != napi_ok) {
      fail("argument " + std::to_string(i) + " must be a number");
    }
    return v;
  }

  int64_t integer(size_t i) {
    int64_t v = 0;
    if (failed_) return 0;
    if (i >= argc_ || napi_get_value_int64(env_, argv_[i], &v) != napi_ok) {
      fail("argument " + std::to_string(i) + " must be an integer");
    }
    return v;
  }

  bool boolean(size_t i) {
    bool v = false;
    if (failed_) return false;
    if (i >= argc_ || napi_get_value_bool(env_, argv_[i], &v) != napi_ok) {
      fail("argument " + std::to_string(i) + " must be a boolean");
    }
    return v;
  }

  // Element count of a typed array argument, or -1 when it is not one.
  int64_t length(size_t i) {
    bool isTyped = false;
    size_t length = 0;
    if (i < argc_) napi_is_typedarray(env_, argv_[i], &isTyped);
    if (!isTyped || napi_get_typedarray_info(env_, argv_[i], nullptr, &length, nullptr, nullptr,
                                             nullptr) != napi_ok) {
      return -1;
    }
    return static_cast<int64_t>(length);
  }

  // A typed array of the given kind holding at least `minLength` elements.
  template <typename T>
  T* array(size_t i, napi_typedarray_type want, int64_t minLength, const char* kind) {
    if (failed_) return nullptr;
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    bool isTyped = false;
    if (i < argc_) napi_is_typedarray(env_, argv_[i], &isTyped);
    if (!isTyped ||
        napi_get_typedarray_info(env_, argv_[i], &type, &length, &data, nullptr, nullptr) !=
            napi_ok ||
        type != want) {
      fail("argument " + std::to_string(i) + " must be a " + kind);
      return nullptr;
    }
    if (minLength < 0 || static_cast<int64_t>(length) < minLength) {
      fail("argument " + std::to_string(i) + " has " + std::to_string(length) +
           " elements, needs " + std::to_string(minLength));
      return nullptr;
    }
    return static_cast<T*>(data);
  }

  float* f32(size_t i, int64_t minLength) {
    return array<float>(i, napi_float32_array, minLength, "Float32Array");
  }
  int32_t* i32(size_t i, int64_t minLength) {
    return array<int32_t>(i, napi_int32_array, minLength, "Int32Array");
  }
  uint8_t* u8(size_t i, int64_t minLength) {
    return array<uint8_t>(i, napi_uint8_array, minLength, "Uint8Array");
  }

  napi_value undefined() {
    napi_value v;
    napi_get_undefined(env_, &v);
    return v;
  }
  napi_value num(double x) {
    napi_value v;
    napi_create_double(env_, x, &v);
    return v;
  }
  napi_value str(const char* s) {
    napi_value v;
    napi_create_string_utf8(env_, s, NAPI_AUTO_LENGTH, &v);
    return v;
  }

 private:
  static constexpr size_t kMaxArgs = 16;
  napi_env env_;
  const char* name_;
  size_t argc_ = 0;
  napi_value argv_[kMaxArgs] = {};
  bool failed_ = false;
};

}  // namespace gantry

// N-API entry points of @gantry/backend-native. Every function writes into output arrays the
// caller allocated; every length is checked against the shapes before any memory is touched.
#include <node_api.h>

#include <algorithm>
#include <string>

#include "elementwise.h"
#include "kernels.h"
#include "napi_util.h"

namespace gantry {
namespace {

// matmul(a, b, out, batch, M, N, K, transA, transB, aStride, bStride, aOffsets?, bOffsets?)
// out[i] = op(a[aOff(i) ...]) · op(b[bOff(i) ...]) for i < batch, where aOff(i) is
// aOffsets[i] when given, else i·aStride (aStride 0 broadcasts one matrix over the batch).
napi_value MatMul(napi_env env, napi_callback_info info) {
  Call c(env, info, "matmul");
  const int64_t batch = c.integer(3), M = c.integer(4), N = c.integer(5), K = c.integer(6);
  const bool tA = c.boolean(7), tB = c.boolean(8);
  const int64_t aStride = c.integer(9), bStride = c.integer(10);
  if (!c.ok()) return nullptr;
  if (batch < 0 || M < 0 || N < 0 || K < 0 || aStride < 0 || bStride < 0) {
    c.fail("negative size");
    return nullptr;
  }
  const int32_t* aOff = c.isNull(11) ? nullptr : c.i32(11, batch);
  const int32_t* bOff = c.isNull(12) ? nullptr : c.i32(12, batch);
  int64_t aNeed = 0, bNeed = 0;
  for (int64_t i = 0; i < batch && c.ok(); i++) {
    const int64_t ao = aOff ? aOff[i] : i * aStride;
    const int64_t bo = bOff ? bOff[i] : i * bStride;
    if (ao < 0 || bo < 0) c.fail("negative offset");
    aNeed = std::max(aNeed, ao + M * K);
    bNeed = std::max(bNeed, bo + K * N);
  }
  const float* a = c.f32(0, aNeed);
  const float* b = c.f32(1, bNeed);
  float* out = c.f32(2, batch * M * N);
  if (!c.ok()) return nullptr;
  for (int64_t i = 0; i < batch; i++) {
    const int64_t ao = aOff ? aOff[i] : i * aStride;
    const int64_t bo = bOff ? bOff[i] : i * bStride;
    gemm(tA, tB, M, N, K, a + ao, b + bo, out + i * M * N, 0.0f);
  }
  return c.undefined();
}

// biasActivation(y, rows, cols, bias?, biasMode, activation, alpha), in place.
napi_value BiasActivation(napi_env env, napi_callback_info info) {
  Call c(env, info, "biasActivation");
  const int64_t rows = c.integer(1), cols = c.integer(2);
  const int64_t mode = c.integer(4), act = c.integer(5);
  const double alpha = c.number(6);
  if (!c.ok()) return nullptr;
  if (rows < 0 || cols < 0 || mode < kBiasNone || mode > kBiasFull || act < kActLinear ||
      act > kActElu) {
    c.fail("bad rows, cols, bias mode or activation");
    return nullptr;
  }
  float* y = c.f32(0, rows * cols);
  const int64_t biasLen =
      mode == kBiasPerColumn ? cols : mode == kBiasScalar ? 1 : mode == kBiasFull ? rows * cols : 0;
  const float* bias = mode == kBiasNone ? nullptr : c.f32(3, biasLen);
  if (!c.ok()) return nullptr;
  biasActivation(y, rows, cols, bias, static_cast<int>(mode), static_cast<int>(act),
                 static_cast<float>(alpha));
  return c.undefined();
}

// geometry Int32Array: batch, inH, inW, inC, fh, fw, outH, outW, outC, strideH, strideW,
// dilH, dilW, padTop, padLeft.
bool readGeom(Call& c, size_t i, ConvGeom& g) {
  const int32_t* p = c.i32(i, 15);
  if (!c.ok()) return false;
  g = ConvGeom{p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7],
               p[8], p[9], p[10], p[11], p[12], p[13], p[14]};
  if (g.batch < 0 || g.inH < 0 || g.inW < 0 || g.inC < 0 || g.fh < 1 || g.fw < 1 ||
      g.outH < 0 || g.outW < 0 || g.outC < 0 || g.strideH < 1 || g.strideW < 1 || g.dilH < 1 ||
      g.dilW < 1) {
    c.fail("bad convolution geometry");
    return false;
  }
  return true;
}

int64_t inSize(const ConvGeom& g) { return g.batch * g.inH * g.inW * g.inC; }
int64_t outSize(const ConvGeom& g) { return g.batch * g.outH * g.outW * g.outC; }
int64_t filterSize(const ConvGeom& g) { return g.fh * g.fw * g.inC * g.outC; }

// conv2d(x, w, y, geometry)
napi_value Conv2D(napi_env env, napi_callback_info info) {
  Call c(env, info, "conv2d");
  ConvGeom g;
  if (!readGeom(c, 3, g)) return nullptr;
  const float* x = c.f32(0, inSize(g));
  const float* w = c.f32(1, filterSize(g));
  float* y = c.f32(2, outSize(g));
  if (!c.ok()) return nullptr;
  conv2d(g, x, w, y);
  return c.undefined();
}

// conv2dBackpropInput(dy, w, dx, geometry)
napi_value Conv2DBackpropInput(napi_env env, napi_callback_info info) {
  Call c(env, info, "conv2dBackpropInput");
  ConvGeom g;
  if (!readGeom(c, 3, g)) return nullptr;
  const float* dy = c.f32(0, outSize(g));
  const float* w = c.f32(1, filterSize(g));
  float* dx = c.f32(2, inSize(g));
  if (!c.ok()) return nullptr;
  conv2dBackpropInput(g, dy, w, dx);
  return c.undefined();
}

// conv2dBackpropFilter(x, dy, dw, geometry)
napi_value Conv2DBackpropFilter(napi_env env, napi_callback_info info) {
  Call c(env, info, "conv2dBackpropFilter");
  ConvGeom g;
  if (!readGeom(c, 3, g)) return nullptr;
  const float* x = c.f32(0, inSize(g));
  const float* dy = c.f32(1, outSize(g));
  float* dw = c.f32(2, filterSize(g));
  if (!c.ok()) return nullptr;
  conv2dBackpropFilter(g, x, dy, dw);
  return c.undefined();
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  Call c(env, info, "setThreads");
  const int64_t n = c.integer(0);
  if (!c.ok()) return nullptr;
  if (n < 1 || n > 1024) {
    c.fail("threads must be in [1, 1024]");
    return nullptr;
  }
  return c.num(setBlasThreads(static_cast<int>(n)));
}

napi_value GetThreads(napi_env env, napi_callback_info info) {
  Call c(env, info, "getThreads");
  return c.num(getBlasThreads());
}

napi_value BlasName(napi_env env, napi_callback_info) {
  napi_value v;
  const char* name = blasName();
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &v);
  return v;
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"matmul", nullptr, MatMul, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"biasActivation", nullptr, BiasActivation, nullptr, nullptr, nullptr, napi_enumerable,
       nullptr},
      {"conv2d", nullptr, Conv2D, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"conv2dBackpropInput", nullptr, Conv2DBackpropInput, nullptr, nullptr, nullptr,
       napi_enumerable, nullptr},
      {"conv2dBackpropFilter", nullptr, Conv2DBackpropFilter, nullptr, nullptr, nullptr,
       napi_enumerable, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"unary", nullptr, Unary, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"reduce", nullptr, Reduce, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"compare", nullptr, Compare, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"select", nullptr, Select, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"tile", nullptr, Tile, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"batchNorm", nullptr, BatchNorm, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"getThreads", nullptr, GetThreads, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"blasName", nullptr, BlasName, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace
}  // namespace gantry

NAPI_MODULE(NODE_GYP_MODULE_NAME, gantry::Init)

// N-API entry points of @gantry/backend-native: argument checks and conversions only; the
// math is in compute/ (no N-API there). Every function writes into output arrays the caller
// allocated; every length is checked against the sizes before any memory is touched.
#include <node_api.h>

#include <algorithm>
#include <string>

#include "../compute/kernels.h"
#include "../compute/ops.h"
#include "../compute/pool.h"
#include "napi_util.h"

namespace gantry {

napi_value OptimizerUpdate(napi_env env, napi_callback_info info);  // optimizer_binding.cc

namespace {

// matmul(a, b, out, batch, M, N, K, transA, transB, aStride, bStride, aOffsets?, bOffsets?)
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
  batchMatmul(tA, tB, batch, M, N, K, a, aStride, aOff, b, bStride, bOff, out);
  return c.undefined();
}

// biasActivation(y, rows, cols, bias?, biasMode, activation, alpha), in place.
napi_value BiasActivation(napi_env env, napi_callback_info info) {
  Call c(env, info, "biasActivation");
  const int64_t rows = c.integer(1), cols = c.integer(2);
  const int64_t mode = c.integer(4), act = c.integer(5);
  const double alpha = c.number(6);
  if (!c.ok()) return nullptr;
  if (rows < 0 || cols < 0 || mode < 0 || mode >= kBiasCount || act < 0 ||
      act >= kActivationCount) {
    c.fail("bad rows, cols, bias mode or activation");
    return nullptr;
  }
  float* y = c.f32(0, rows * cols);
  const int64_t biasLen = mode == kBias_perColumn ? cols
                          : mode == kBias_scalar  ? 1
                          : mode == kBias_full    ? rows * cols
                                                  : 0;
  const float* bias = mode == kBias_none ? nullptr : c.f32(3, biasLen);
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

// The three convolutions share one shape: (first, second, out, geometry).
using ConvFn = void (*)(const ConvGeom&, const float*, const float*, float*);
napi_value Conv(napi_env env, napi_callback_info info, const char* name, ConvFn fn,
                int64_t (*firstSize)(const ConvGeom&), int64_t (*secondSize)(const ConvGeom&),
                int64_t (*outputSize)(const ConvGeom&)) {
  Call c(env, info, name);
  ConvGeom g;
  if (!readGeom(c, 3, g)) return nullptr;
  const float* first = c.f32(0, firstSize(g));
  const float* second = c.f32(1, secondSize(g));
  float* out = c.f32(2, outputSize(g));
  if (!c.ok()) return nullptr;
  fn(g, first, second, out);
  return c.undefined();
}

// conv2d(x, w, y, geometry)
napi_value Conv2D(napi_env env, napi_callback_info info) {
  return Conv(env, info, "conv2d", conv2d, inSize, filterSize, outSize);
}
// conv2dBackpropInput(dy, w, dx, geometry)
napi_value Conv2DBackpropInput(napi_env env, napi_callback_info info) {
  return Conv(env, info, "conv2dBackpropInput", conv2dBackpropInput, outSize, filterSize, inSize);
}
// conv2dBackpropFilter(x, dy, dw, geometry)
napi_value Conv2DBackpropFilter(napi_env env, napi_callback_info info) {
  return Conv(env, info, "conv2dBackpropFilter", conv2dBackpropFilter, inSize, outSize,
              filterSize);
}

int64_t operandLength(int64_t mode, int64_t rows, int64_t k) {
  switch (mode) {
    case kOperand_same:
      return rows * k;
    case kOperand_scalar:
      return 1;
    case kOperand_row:
      return k;
    case kOperand_col:
      return rows;
    default:
      return -1;
  }
}

// binary(op, a, aMode, b, bMode, out, rows, k) and compare(…, out: Uint8Array, rows, k).
napi_value BinaryLike(napi_env env, napi_callback_info info, bool isCompare) {
  Call c(env, info, isCompare ? "compare" : "binary");
  const int64_t op = c.integer(0), aMode = c.integer(2), bMode = c.integer(4);
  const int64_t rows = c.integer(6), k = c.integer(7);
  if (!c.ok()) return nullptr;
  const int64_t ops = isCompare ? int64_t{kCompareCount} : int64_t{kBinaryCount};
  if (op < 0 || op >= ops || rows < 0 || k < 0 || operandLength(aMode, rows, k) < 0 ||
      operandLength(bMode, rows, k) < 0) {
    c.fail("bad op, operand mode or size");
    return nullptr;
  }
  const float* a = c.f32(1, operandLength(aMode, rows, k));
  const float* b = c.f32(3, operandLength(bMode, rows, k));
  if (isCompare) {
    uint8_t* out = c.u8(5, rows * k);
    if (!c.ok()) return nullptr;
    if (rows * k > 0) {
      compare(static_cast<int>(op), a, static_cast<int>(aMode), b, static_cast<int>(bMode), out,
              rows, k);
    }
  } else {
    float* out = c.f32(5, rows * k);
    if (!c.ok()) return nullptr;
    if (rows * k > 0) {
      binary(static_cast<int>(op), a, static_cast<int>(aMode), b, static_cast<int>(bMode), out,
             rows, k);
    }
  }
  return c.undefined();
}

napi_value Binary(napi_env env, napi_callback_info info) { return BinaryLike(env, info, false); }
napi_value Compare(napi_env env, napi_callback_info info) { return BinaryLike(env, info, true); }

// unary(op, x, out, n, alpha)
napi_value Unary(napi_env env, napi_callback_info info) {
  Call c(env, info, "unary");
  const int64_t op = c.integer(0), n = c.integer(3);
  const double alpha = c.number(4);
  if (!c.ok()) return nullptr;
  if (op < 0 || op >= kUnaryCount || n < 0) {
    c.fail("bad op or size");
    return nullptr;
  }
  const float* x = c.f32(1, n);
  float* out = c.f32(2, n);
  if (!c.ok()) return nullptr;
  unary(static_cast<int>(op), x, out, n, static_cast<float>(alpha));
  return c.undefined();
}

// reduce(op, x, out, outer, mid, inner)
napi_value Reduce(napi_env env, napi_callback_info info) {
  Call c(env, info, "reduce");
  const int64_t op = c.integer(0), outer = c.integer(3), mid = c.integer(4), inner = c.integer(5);
  if (!c.ok()) return nullptr;
  if (op < 0 || op >= kReduceCount || outer < 0 || mid < 0 || inner < 0) {
    c.fail("bad op or size");
    return nullptr;
  }
  const float* x = c.f32(1, outer * mid * inner);
  float* out = c.f32(2, outer * inner);
  if (!c.ok()) return nullptr;
  reduce(static_cast<int>(op), x, out, outer, mid, inner);
  return c.undefined();
}

// select(cond: Uint8Array, t, e, out, n)
napi_value Select(napi_env env, napi_callback_info info) {
  Call c(env, info, "select");
  const int64_t n = c.integer(4);
  if (!c.ok()) return nullptr;
  if (n < 0) {
    c.fail("negative size");
    return nullptr;
  }
  const uint8_t* cond = c.u8(0, n);
  const float* t = c.f32(1, n);
  const float* e = c.f32(2, n);
  float* out = c.f32(3, n);
  if (!c.ok()) return nullptr;
  select(cond, t, e, out, n);
  return c.undefined();
}

// logicalNot(x: Uint8Array, out: Uint8Array, n)
napi_value LogicalNot(napi_env env, napi_callback_info info) {
  Call c(env, info, "logicalNot");
  const int64_t n = c.integer(2);
  if (!c.ok()) return nullptr;
  if (n < 0) {
    c.fail("negative size");
    return nullptr;
  }
  const uint8_t* x = c.u8(0, n);
  uint8_t* out = c.u8(1, n);
  if (!c.ok()) return nullptr;
  logicalNot(x, out, n);
  return c.undefined();
}

// tile(x, xShape: Int32Array, reps: Int32Array, out)
napi_value Tile(napi_env env, napi_callback_info info) {
  Call c(env, info, "tile");
  const int64_t rankLen = c.length(1);
  if (rankLen < 0 || rankLen > 16) {
    c.fail("argument 1 must be an Int32Array of at most 16 dims");
    return nullptr;
  }
  const int rank = static_cast<int>(rankLen);
  const int32_t* xShape = c.i32(1, rank);
  const int32_t* reps = c.i32(2, rank);
  if (!c.ok()) return nullptr;
  int64_t xSize = 1, outSize = 1;
  for (int d = 0; d < rank; d++) {
    if (xShape[d] < 0 || reps[d] < 0) {
      c.fail("negative shape or reps");
      return nullptr;
    }
    xSize *= xShape[d];
    outSize *= static_cast<int64_t>(xShape[d]) * reps[d];
  }
  const float* x = c.f32(0, xSize);
  float* out = c.f32(3, outSize);
  if (!c.ok()) return nullptr;
  if (outSize > 0 && rank == 0) out[0] = x[0];
  if (outSize > 0 && rank > 0) tile(x, xShape, reps, rank, out);
  return c.undefined();
}

// batchNorm(x, mean, variance, scale?, offset?, out, rows, channels, epsilon, fullMask): a
// parameter whose fullMask bit is set (1 mean, 2 variance, 4 scale, 8 offset) has x's size, the
// others one value per channel.
napi_value BatchNorm(napi_env env, napi_callback_info info) {
  Call c(env, info, "batchNorm");
  const int64_t rows = c.integer(6), channels = c.integer(7), fullMask = c.integer(9);
  const double eps = c.number(8);
  if (!c.ok()) return nullptr;
  if (rows < 0 || channels < 0 || fullMask < 0 || fullMask > 15) {
    c.fail("negative size or a fullMask outside 0..15");
    return nullptr;
  }
  const auto size = [&](int bit) { return (fullMask & bit) ? rows * channels : channels; };
  const float* x = c.f32(0, rows * channels);
  const float* mean = c.f32(1, size(1));
  const float* var = c.f32(2, size(2));
  const float* scale = c.isNull(3) ? nullptr : c.f32(3, size(4));
  const float* offset = c.isNull(4) ? nullptr : c.f32(4, size(8));
  float* y = c.f32(5, rows * channels);
  if (!c.ok()) return nullptr;
  batchNorm(x, mean, var, scale, offset, y, rows, channels, static_cast<float>(eps),
            static_cast<int>(fullMask));
  return c.undefined();
}

// setThreads(n) → the count in effect (the pool's: the calling thread + n − 1 workers).
napi_value SetThreads(napi_env env, napi_callback_info info) {
  Call c(env, info, "setThreads");
  const int64_t n = c.integer(0);
  if (!c.ok()) return nullptr;
  if (n < 1 || n > 1024) {
    c.fail("threads must be in [1, 1024]");
    return nullptr;
  }
  return c.num(setPoolThreads(static_cast<int>(n)));
}

napi_value GetThreads(napi_env env, napi_callback_info info) {
  Call c(env, info, "getThreads");
  return c.num(poolThreads());
}

// setParallelScale(s): scales the minimum work per thread (0: split everything; for tests).
napi_value SetParallelScale(napi_env env, napi_callback_info info) {
  Call c(env, info, "setParallelScale");
  const double s = c.number(0);
  if (!c.ok()) return nullptr;
  setParallelScale(s);
  return c.num(parallelScale());
}

void setProperty(napi_env env, napi_value obj, const char* key, napi_value value) {
  napi_set_named_property(env, obj, key, value);
}

// info() → { blas, blasKind, conv, convKind, isa, threads }
napi_value Info(napi_env env, napi_callback_info info) {
  Call c(env, info, "info");
  napi_value obj;
  napi_create_object(env, &obj);
  setProperty(env, obj, "blas", c.str(blasName()));
  setProperty(env, obj, "blasKind", c.str(blasKind()));
  setProperty(env, obj, "conv", c.str(convLibraryName()));
  setProperty(env, obj, "convKind", c.str(convLibraryKind()));
  setProperty(env, obj, "isa", c.str(kernels().isa));
  setProperty(env, obj, "threads", c.num(poolThreads()));
  return obj;
}

// ops: { binary: { Add: 0, … }, unary, compare, reduce, operand, bias, activation }, from the
// X-macro tables of compute/ops.h (the one source of the codes).
napi_value OpTables(napi_env env) {
  napi_value ops;
  napi_create_object(env, &ops);
  auto table = [&](const char* name, const char* const* names, int count) {
    napi_value t;
    napi_create_object(env, &t);
    for (int i = 0; i < count; i++) {
      napi_value v;
      napi_create_int32(env, i, &v);
      setProperty(env, t, names[i], v);
    }
    setProperty(env, ops, name, t);
  };
#define GANTRY_NAME(n) #n,
#define GANTRY_TABLE(key, X)                       \
  {                                                \
    static const char* const names[] = {X(GANTRY_NAME)}; \
    table(key, names, static_cast<int>(sizeof(names) / sizeof(names[0]))); \
  }
  GANTRY_TABLE("binary", GANTRY_BINARY_OPS)
  GANTRY_TABLE("unary", GANTRY_UNARY_OPS)
  GANTRY_TABLE("compare", GANTRY_COMPARE_OPS)
  GANTRY_TABLE("reduce", GANTRY_REDUCE_OPS)
  GANTRY_TABLE("operand", GANTRY_OPERAND_MODES)
  GANTRY_TABLE("bias", GANTRY_BIAS_MODES)
  GANTRY_TABLE("activation", GANTRY_ACTIVATIONS)
  GANTRY_TABLE("optimizer", GANTRY_OPTIMIZERS)
#undef GANTRY_TABLE
#undef GANTRY_NAME
  return ops;
}

napi_value Init(napi_env env, napi_value exports) {
  struct Entry {
    const char* name;
    napi_callback fn;
  };
  const Entry entries[] = {
      {"matmul", MatMul},
      {"biasActivation", BiasActivation},
      {"conv2d", Conv2D},
      {"conv2dBackpropInput", Conv2DBackpropInput},
      {"conv2dBackpropFilter", Conv2DBackpropFilter},
      {"binary", Binary},
      {"unary", Unary},
      {"reduce", Reduce},
      {"compare", Compare},
      {"select", Select},
      {"logicalNot", LogicalNot},
      {"tile", Tile},
      {"batchNorm", BatchNorm},
      {"optimizerUpdate", OptimizerUpdate},
      {"setThreads", SetThreads},
      {"getThreads", GetThreads},
      {"setParallelScale", SetParallelScale},
      {"info", Info},
  };
  for (const Entry& e : entries) {
    napi_value fn;
    napi_create_function(env, e.name, NAPI_AUTO_LENGTH, e.fn, nullptr, &fn);
    setProperty(env, exports, e.name, fn);
  }
  setProperty(env, exports, "ops", OpTables(env));
  return exports;
}

}  // namespace
}  // namespace gantry

NAPI_MODULE(NODE_GYP_MODULE_NAME, gantry::Init)

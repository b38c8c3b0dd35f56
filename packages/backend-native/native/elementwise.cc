// Element-wise and reduction kernels. The loops are written so that the compiler vectorises
// them; on x86-64 each entry point is also compiled for AVX2 and AVX-512 and picked at load
// time (GCC function multi-versioning), so the addon stays portable across CPUs.
#include "elementwise.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "napi_util.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define GN_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define GN_CLONES
#endif
#define GN_INLINE inline __attribute__((always_inline))

namespace gantry {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct AddOp {
  GN_INLINE float operator()(float a, float b) const { return a + b; }
};
struct SubOp {
  GN_INLINE float operator()(float a, float b) const { return a - b; }
};
struct MulOp {
  GN_INLINE float operator()(float a, float b) const { return a * b; }
};
struct DivOp {
  GN_INLINE float operator()(float a, float b) const { return a / b; }
};
// Math.max / Math.min semantics: NaN in, NaN out.
struct MaxOp {
  GN_INLINE float operator()(float a, float b) const {
    return (a != a || b != b) ? kNaN : (a > b ? a : b);
  }
};
struct MinOp {
  GN_INLINE float operator()(float a, float b) const {
    return (a != a || b != b) ? kNaN : (a < b ? a : b);
  }
};
struct SqDiffOp {
  GN_INLINE float operator()(float a, float b) const {
    const float d = a - b;
    return d * d;
  }
};

// Vector operands (kSame, kRow) are indexed by j from a per-row base; scalar operands
// (kScalar, kCol) hold one value per row.
template <bool AVec, bool BVec, typename Op>
GN_INLINE void binaryRows(Op op, const float* a, int aMode, const float* b, int bMode,
                          float* out, int64_t rows, int64_t k) {
  for (int64_t r = 0; r < rows; r++) {
    const float* ar = aMode == kSame ? a + r * k : a;
    const float* br = bMode == kSame ? b + r * k : b;
    const float as = aMode == kCol ? a[r] : a[0];
    const float bs = bMode == kCol ? b[r] : b[0];
    float* o = out + r * k;
    if (AVec && BVec) {
      for (int64_t j = 0; j < k; j++) o[j] = op(ar[j], br[j]);
    } else if (AVec) {
      for (int64_t j = 0; j < k; j++) o[j] = op(ar[j], bs);
    } else if (BVec) {
      for (int64_t j = 0; j < k; j++) o[j] = op(as, br[j]);
    } else {
      const float v = op(as, bs);
      for (int64_t j = 0; j < k; j++) o[j] = v;
    }
  }
}

template <typename Op>
GN_INLINE void binaryModes(Op op, const float* a, int aMode, const float* b, int bMode,
                           float* out, int64_t rows, int64_t k) {
  const bool av = aMode == kSame || aMode == kRow;
  const bool bv = bMode == kSame || bMode == kRow;
  if (av && bv) {
    // Same-shape operands: one flat loop vectorises best.
    if (aMode == kSame && bMode == kSame) {
      const int64_t n = rows * k;
      for (int64_t i = 0; i < n; i++) out[i] = op(a[i], b[i]);
    } else {
      binaryRows<true, true>(op, a, aMode, b, bMode, out, rows, k);
    }
  } else if (av) {
    binaryRows<true, false>(op, a, aMode, b, bMode, out, rows, k);
  } else if (bv) {
    binaryRows<false, true>(op, a, aMode, b, bMode, out, rows, k);
  } else {
    binaryRows<false, false>(op, a, aMode, b, bMode, out, rows, k);
  }
}

template <typename F>
GN_INLINE void mapUnary(F f, const float* x, float* out, int64_t n) {
  for (int64_t i = 0; i < n; i++) out[i] = f(x[i]);
}

// exp for the activations, written to vectorise (Cephes expf: range reduction to
// r ∈ [−ln2/2, ln2/2], degree-6 polynomial, 2ⁿ from the exponent bits); relative error < 2e-7
// on [−87.3, 88.3], inputs clamped to that range. NaN in, NaN out.
GN_INLINE float expClamped(float x) {
  x = x > 88.3762626647949f ? 88.3762626647949f : x;
  x = x < -87.3365447504f ? -87.3365447504f : x;
  const float t = x * 1.44269504088896341f;
  const int32_t n = static_cast<int32_t>(t >= 0.0f ? t + 0.5f : t - 0.5f);
  const float fn = static_cast<float>(n);
  const float r = x - fn * 0.693359375f - fn * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float y = p * r * r + r + 1.0f;
  const uint32_t bits = static_cast<uint32_t>(n + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof(scale));
  return y * scale;
}

// tanh as in Cephes tanhf: an odd polynomial below |x| = 0.625, 1 − 2/(e^{2|x|} + 1) above.
GN_INLINE float tanhFast(float x) {
  const float ax = std::fabs(x);
  const float s = x * x;
  const float small =
      ((((-5.70498872745e-3f * s + 2.06390887954e-2f) * s - 5.37397155531e-2f) * s +
        1.33314422036e-1f) *
           s -
       3.33332819422e-1f) *
          s * x +
      x;
  const float big = 1.0f - 2.0f / (expClamped(ax + ax) + 1.0f);
  return ax >= 0.625f ? std::copysign(big, x) : small;
}

// tfjs's softplus: exp(x) below log(ε)+2, x above −(log(ε)+2), else log(1 + exp(x)).
const float kSoftplusThreshold = static_cast<float>(std::log(1.1920928955078125e-7) + 2.0);

}  // namespace

GN_CLONES
void binaryF32(int op, const float* a, int aMode, const float* b, int bMode, float* out,
               int64_t rows, int64_t k) {
  switch (op) {
    case kAdd:
      return binaryModes(AddOp{}, a, aMode, b, bMode, out, rows, k);
    case kSub:
      return binaryModes(SubOp{}, a, aMode, b, bMode, out, rows, k);
    case kMul:
      return binaryModes(MulOp{}, a, aMode, b, bMode, out, rows, k);
    case kDiv:
      return binaryModes(DivOp{}, a, aMode, b, bMode, out, rows, k);
    case kMax:
      return binaryModes(MaxOp{}, a, aMode, b, bMode, out, rows, k);
    case kMin:
      return binaryModes(MinOp{}, a, aMode, b, bMode, out, rows, k);
    case kSquaredDifference:
      return binaryModes(SqDiffOp{}, a, aMode, b, bMode, out, rows, k);
    default:
      return;
  }
}

GN_CLONES
void unaryF32(int op, const float* x, float* out, int64_t n, float alpha) {
  switch (op) {
    case kRelu:
      return mapUnary([](float v) { return v < 0.0f ? 0.0f : v; }, x, out, n);
    case kRelu6:
      return mapUnary([](float v) { return v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v); }, x, out,
                      n);
    case kLeakyRelu:
      return mapUnary([alpha](float v) { return v < 0.0f ? alpha * v : v; }, x, out, n);
    case kSigmoid:
      return mapUnary([](float v) { return 1.0f / (1.0f + expClamped(-v)); }, x, out, n);
    case kTanh:
      return mapUnary([](float v) { return tanhFast(v); }, x, out, n);
    case kExp:
      return mapUnary([](float v) { return std::exp(v); }, x, out, n);
    case kLog:
      return mapUnary([](float v) { return std::log(v); }, x, out, n);
    case kSqrt:
      return mapUnary([](float v) { return std::sqrt(v); }, x, out, n);
    case kRsqrt:
      return mapUnary([](float v) { return 1.0f / std::sqrt(v); }, x, out, n);
    case kSquare:
      return mapUnary([](float v) { return v * v; }, x, out, n);
    case kNeg:
      return mapUnary([](float v) { return -v; }, x, out, n);
    case kAbs:
      return mapUnary([](float v) { return std::fabs(v); }, x, out, n);
    case kElu:
      return mapUnary([](float v) { return v >= 0.0f ? v : std::expm1(v); }, x, out, n);
    case kSoftplus:
      return mapUnary(
          [](float v) {
            if (v < kSoftplusThreshold) return std::exp(v);
            if (v > -kSoftplusThreshold) return v;
            return std::log1p(std::exp(v));
          },
          x, out, n);
    case kStep:
      return mapUnary([alpha](float v) { return v != v ? kNaN : (v > 0.0f ? 1.0f : alpha); }, x,
                      out, n);
    case kReciprocal:
      return mapUnary([](float v) { return 1.0f / v; }, x, out, n);
    case kLog1p:
      return mapUnary([](float v) { return std::log1p(v); }, x, out, n);
    default:
      return;
  }
}

GN_CLONES
void reduceF32(int op, const float* x, float* out, int64_t outer, int64_t mid, int64_t inner) {
  const bool isSum = op == kSum || op == kMean;
  const double scale = op == kMean && mid > 0 ? 1.0 / static_cast<double>(mid) : 1.0;
  if (inner == 1) {
    for (int64_t o = 0; o < outer; o++) {
      const float* row = x + o * mid;
      if (isSum) {
        double s = 0.0;
        for (int64_t m = 0; m < mid; m++) s += row[m];
        out[o] = static_cast<float>(s * scale);
      } else {
        float best = mid > 0 ? row[0] : kNaN;
        for (int64_t m = 1; m < mid; m++) {
          const float v = row[m];
          if (v != v) {
            best = kNaN;
            break;
          }
          best = op == kMaxReduce ? (v > best ? v : best) : (v < best ? v : best);
        }
        out[o] = best;
      }
    }
    return;
  }
  std::vector<double> acc(isSum ? static_cast<size_t>(inner) : 0);
  for (int64_t o = 0; o < outer; o++) {
    const float* block = x + o * mid * inner;
    float* dst = out + o * inner;
    if (isSum) {
      for (int64_t i = 0; i < inner; i++) acc[i] = 0.0;
      for (int64_t m = 0; m < mid; m++) {
        const float* row = block + m * inner;
        for (int64_t i = 0; i < inner; i++) acc[i] += row[i];
      }
      for (int64_t i = 0; i < inner; i++) dst[i] = static_cast<float>(acc[i] * scale);
    } else {
      if (mid == 0) {
        for (int64_t i = 0; i < inner; i++) dst[i] = kNaN;
        continue;
      }
      for (int64_t i = 0; i < inner; i++) dst[i] = block[i];
      for (int64_t m = 1; m < mid; m++) {
        const float* row = block + m * inner;
        for (int64_t i = 0; i < inner; i++) {
          const float v = row[i];
          const float d = dst[i];
          dst[i] = (v != v || d != d) ? kNaN
                   : op == kMaxReduce ? (v > d ? v : d)
                                      : (v < d ? v : d);
        }
      }
    }
  }
}

namespace {

template <typename Cmp>
GN_INLINE void compareModes(Cmp cmp, const float* a, int aMode, const float* b, int bMode,
                            uint8_t* out, int64_t rows, int64_t k) {
  if (aMode == kSame && bMode == kSame) {
    const int64_t n = rows * k;
    for (int64_t i = 0; i < n; i++) out[i] = cmp(a[i], b[i]) ? 1 : 0;
    return;
  }
  for (int64_t r = 0; r < rows; r++) {
    const float* ar = aMode == kSame ? a + r * k : a;
    const float* br = bMode == kSame ? b + r * k : b;
    const bool av = aMode == kSame || aMode == kRow;
    const bool bv = bMode == kSame || bMode == kRow;
    const float as = aMode == kCol ? a[r] : a[0];
    const float bs = bMode == kCol ? b[r] : b[0];
    uint8_t* o = out + r * k;
    if (av && bv) {
      for (int64_t j = 0; j < k; j++) o[j] = cmp(ar[j], br[j]) ? 1 : 0;
    } else if (av) {
      for (int64_t j = 0; j < k; j++) o[j] = cmp(ar[j], bs) ? 1 : 0;
    } else if (bv) {
      for (int64_t j = 0; j < k; j++) o[j] = cmp(as, br[j]) ? 1 : 0;
    } else {
      const uint8_t v = cmp(as, bs) ? 1 : 0;
      for (int64_t j = 0; j < k; j++) o[j] = v;
    }
  }
}

}  // namespace

GN_CLONES
void compareF32(int op, const float* a, int aMode, const float* b, int bMode, uint8_t* out,
                int64_t rows, int64_t k) {
  switch (op) {
    case kGreater:
      return compareModes([](float x, float y) { return x > y; }, a, aMode, b, bMode, out, rows,
                          k);
    case kGreaterEqual:
      return compareModes([](float x, float y) { return x >= y; }, a, aMode, b, bMode, out, rows,
                          k);
    case kLess:
      return compareModes([](float x, float y) { return x < y; }, a, aMode, b, bMode, out, rows,
                          k);
    case kLessEqual:
      return compareModes([](float x, float y) { return x <= y; }, a, aMode, b, bMode, out, rows,
                          k);
    case kEqual:
      return compareModes([](float x, float y) { return x == y; }, a, aMode, b, bMode, out, rows,
                          k);
    case kNotEqual:
      return compareModes([](float x, float y) { return x != y; }, a, aMode, b, bMode, out, rows,
                          k);
    default:
      return;
  }
}

GN_CLONES
void selectF32(const uint8_t* cond, const float* t, const float* e, float* out, int64_t n) {
  for (int64_t i = 0; i < n; i++) out[i] = cond[i] ? t[i] : e[i];
}

namespace {

// Fills out's block for dims [d, rank) from x's block, then repeats it reps[d] times.
void tileRec(const float* x, const int32_t* xShape, const int32_t* reps, int rank, int d,
             const int64_t* xStride, const int64_t* outStride, float* out) {
  const int64_t n = xShape[d];
  if (d == rank - 1) {
    std::memcpy(out, x, sizeof(float) * n);
  } else {
    for (int64_t i = 0; i < n; i++) {
      tileRec(x + i * xStride[d], xShape, reps, rank, d + 1, xStride, outStride,
              out + i * outStride[d]);
    }
  }
  const int64_t block = n * outStride[d];
  for (int64_t r = 1; r < reps[d]; r++) std::memcpy(out + r * block, out, sizeof(float) * block);
}

}  // namespace

void tileF32(const float* x, const int32_t* xShape, const int32_t* reps, int rank, float* out) {
  if (rank == 0) {
    out[0] = x[0];
    return;
  }
  std::vector<int64_t> xStride(rank), outStride(rank);
  int64_t xs = 1, os = 1;
  for (int d = rank - 1; d >= 0; d--) {
    xStride[d] = xs;
    outStride[d] = os;
    xs *= xShape[d];
    os *= static_cast<int64_t>(xShape[d]) * reps[d];
  }
  if (os == 0) return;
  tileRec(x, xShape, reps, rank, 0, xStride.data(), outStride.data(), out);
}

GN_CLONES
void batchNormF32(const float* x, const float* mean, const float* var, const float* scale,
                  const float* offset, float* y, int64_t rows, int64_t channels, float eps) {
  std::vector<float> inv(static_cast<size_t>(channels)), off(static_cast<size_t>(channels)),
      mu(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; c++) {
    const double s = scale ? scale[c] : 1.0;
    inv[c] = static_cast<float>(s / std::sqrt(static_cast<double>(var[c]) + eps));
    off[c] = offset ? offset[c] : 0.0f;
    mu[c] = mean[c];
  }
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * channels;
    float* yr = y + r * channels;
    for (int64_t c = 0; c < channels; c++) yr[c] = (xr[c] - mu[c]) * inv[c] + off[c];
  }
}

namespace {

int64_t operandLength(int mode, int64_t rows, int64_t k) {
  switch (mode) {
    case kSame:
      return rows * k;
    case kScalar:
      return 1;
    case kRow:
      return k;
    case kCol:
      return rows;
    default:
      return -1;
  }
}

}  // namespace

napi_value Binary(napi_env env, napi_callback_info info) {
  Call c(env, info, "binary");
  const int64_t op = c.integer(0), aMode = c.integer(2), bMode = c.integer(4);
  const int64_t rows = c.integer(6), k = c.integer(7);
  if (!c.ok()) return nullptr;
  if (op < kAdd || op > kSquaredDifference || rows < 0 || k < 0 ||
      operandLength(static_cast<int>(aMode), rows, k) < 0 ||
      operandLength(static_cast<int>(bMode), rows, k) < 0) {
    c.fail("bad op, operand mode or size");
    return nullptr;
  }
  const float* a = c.f32(1, operandLength(static_cast<int>(aMode), rows, k));
  const float* b = c.f32(3, operandLength(static_cast<int>(bMode), rows, k));
  float* out = c.f32(5, rows * k);
  if (!c.ok()) return nullptr;
  if (rows * k == 0) return c.undefined();
  binaryF32(static_cast<int>(op), a, static_cast<int>(aMode), b, static_cast<int>(bMode), out,
            rows, k);
  return c.undefined();
}

napi_value Unary(napi_env env, napi_callback_info info) {
  Call c(env, info, "unary");
  const int64_t op = c.integer(0), n = c.integer(3);
  const double alpha = c.number(4);
  if (!c.ok()) return nullptr;
  if (op < 0 || op >= kUnaryOpCount || n < 0) {
    c.fail("bad op or size");
    return nullptr;
  }
  const float* x = c.f32(1, n);
  float* out = c.f32(2, n);
  if (!c.ok()) return nullptr;
  unaryF32(static_cast<int>(op), x, out, n, static_cast<float>(alpha));
  return c.undefined();
}

napi_value Reduce(napi_env env, napi_callback_info info) {
  Call c(env, info, "reduce");
  const int64_t op = c.integer(0), outer = c.integer(3), mid = c.integer(4), inner = c.integer(5);
  if (!c.ok()) return nullptr;
  if (op < 0 || op >= kReduceOpCount || outer < 0 || mid < 0 || inner < 0) {
    c.fail("bad op or size");
    return nullptr;
  }
  const float* x = c.f32(1, outer * mid * inner);
  float* out = c.f32(2, outer * inner);
  if (!c.ok()) return nullptr;
  reduceF32(static_cast<int>(op), x, out, outer, mid, inner);
  return c.undefined();
}

napi_value Compare(napi_env env, napi_callback_info info) {
  Call c(env, info, "compare");
  const int64_t op = c.integer(0), aMode = c.integer(2), bMode = c.integer(4);
  const int64_t rows = c.integer(6), k = c.integer(7);
  if (!c.ok()) return nullptr;
  if (op < kGreater || op > kNotEqual || rows < 0 || k < 0 ||
      operandLength(static_cast<int>(aMode), rows, k) < 0 ||
      operandLength(static_cast<int>(bMode), rows, k) < 0) {
    c.fail("bad op, operand mode or size");
    return nullptr;
  }
  const float* a = c.f32(1, operandLength(static_cast<int>(aMode), rows, k));
  const float* b = c.f32(3, operandLength(static_cast<int>(bMode), rows, k));
  uint8_t* out = c.u8(5, rows * k);
  if (!c.ok()) return nullptr;
  if (rows * k == 0) return c.undefined();
  compareF32(static_cast<int>(op), a, static_cast<int>(aMode), b, static_cast<int>(bMode), out,
             rows, k);
  return c.undefined();
}

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
  selectF32(cond, t, e, out, n);
  return c.undefined();
}

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
  if (outSize > 0) tileF32(x, xShape, reps, rank, out);
  return c.undefined();
}

napi_value BatchNorm(napi_env env, napi_callback_info info) {
  Call c(env, info, "batchNorm");
  const int64_t rows = c.integer(6), channels = c.integer(7);
  const double eps = c.number(8);
  if (!c.ok()) return nullptr;
  if (rows < 0 || channels < 0) {
    c.fail("negative size");
    return nullptr;
  }
  const float* x = c.f32(0, rows * channels);
  const float* mean = c.f32(1, channels);
  const float* var = c.f32(2, channels);
  const float* scale = c.isNull(3) ? nullptr : c.f32(3, channels);
  const float* offset = c.isNull(4) ? nullptr : c.f32(4, channels);
  float* y = c.f32(5, rows * channels);
  if (!c.ok()) return nullptr;
  batchNormF32(x, mean, var, scale, offset, y, rows, channels, static_cast<float>(eps));
  return c.undefined();
}

}  // namespace gantry

// Serial element-wise, reduction and epilogue kernels, compiled once per ISA (isa_begin.h).
// The loops are written so that the compiler vectorises them; the drivers (drivers.cc) split
// the ranges over the thread pool.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels.h"
#include "ops.h"

#include "isa_begin.h"

namespace {

#define GN_INLINE inline __attribute__((always_inline))

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
// Math.pow's semantics (tfjs's cpu Pow) where they differ from C's powf: x ** NaN is NaN (C: 1
// for x = 1) and (±1) ** ±∞ is NaN (C: 1). Otherwise powf, within an ulp of Math.pow.
struct PowOp {
  GN_INLINE float operator()(float a, float b) const {
    if (b != b) return kNaN;
    if ((a == 1.0f || a == -1.0f) && std::isinf(b)) return kNaN;
    return std::pow(a, b);
  }
};
struct SqDiffOp {
  GN_INLINE float operator()(float a, float b) const {
    const float d = a - b;
    return d * d;
  }
};

// Applies `op` to output entries [i0, i1) of an output of rows of length k. Vector operands
// (same, row) are indexed by j from a per-row base; scalar ones (scalar, col) hold one value per
// row. Store(o, j, v) writes one entry.
template <typename T, typename Op>
GN_INLINE void mapBinary(Op op, const float* a, int aMode, const float* b, int bMode, T* out,
                         int64_t k, int64_t i0, int64_t i1) {
  if (aMode != kOperand_row && aMode != kOperand_col && bMode != kOperand_row &&
      bMode != kOperand_col) {
    // same/scalar only: one flat loop vectorises best.
    if (aMode == kOperand_same && bMode == kOperand_same) {
      for (int64_t i = i0; i < i1; i++) out[i] = static_cast<T>(op(a[i], b[i]));
    } else if (aMode == kOperand_same) {
      const float bs = b[0];
      for (int64_t i = i0; i < i1; i++) out[i] = static_cast<T>(op(a[i], bs));
    } else if (bMode == kOperand_same) {
      const float as = a[0];
      for (int64_t i = i0; i < i1; i++) out[i] = static_cast<T>(op(as, b[i]));
    } else {
      const T v = static_cast<T>(op(a[0], b[0]));
      for (int64_t i = i0; i < i1; i++) out[i] = v;
    }
    return;
  }
  const bool av = aMode == kOperand_same || aMode == kOperand_row;
  const bool bv = bMode == kOperand_same || bMode == kOperand_row;
  for (int64_t r = i0 / k; r * k < i1; r++) {
    const int64_t j0 = r * k < i0 ? i0 - r * k : 0;
    const int64_t j1 = (r + 1) * k > i1 ? i1 - r * k : k;
    const float* ar = aMode == kOperand_same ? a + r * k : a;
    const float* br = bMode == kOperand_same ? b + r * k : b;
    const float as = aMode == kOperand_col ? a[r] : a[0];
    const float bs = bMode == kOperand_col ? b[r] : b[0];
    T* o = out + r * k;
    if (av && bv) {
      for (int64_t j = j0; j < j1; j++) o[j] = static_cast<T>(op(ar[j], br[j]));
    } else if (av) {
      for (int64_t j = j0; j < j1; j++) o[j] = static_cast<T>(op(ar[j], bs));
    } else if (bv) {
      for (int64_t j = j0; j < j1; j++) o[j] = static_cast<T>(op(as, br[j]));
    } else {
      const T v = static_cast<T>(op(as, bs));
      for (int64_t j = j0; j < j1; j++) o[j] = v;
    }
  }
}

template <typename F>
GN_INLINE void mapUnary(F f, const float* x, float* out, int64_t i0, int64_t i1) {
  for (int64_t i = i0; i < i1; i++) out[i] = f(x[i]);
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

template <typename T>
GN_INLINE void compareRange(int op, const float* a, int aMode, const float* b, int bMode,
                            T* out, int64_t k, int64_t i0, int64_t i1) {
  switch (op) {
    case kCompare_Greater:
      return mapBinary(
          [](float x, float y) { return x > y ? 1 : 0; }, a, aMode, b, bMode, out, k, i0, i1);
    case kCompare_GreaterEqual:
      return mapBinary(
          [](float x, float y) { return x >= y ? 1 : 0; }, a, aMode, b, bMode, out, k, i0, i1);
    case kCompare_Less:
      return mapBinary(
          [](float x, float y) { return x < y ? 1 : 0; }, a, aMode, b, bMode, out, k, i0, i1);
    case kCompare_LessEqual:
      return mapBinary(
          [](float x, float y) { return x <= y ? 1 : 0; }, a, aMode, b, bMode, out, k, i0, i1);
    case kCompare_Equal:
      return mapBinary(
          [](float x, float y) { return x == y ? 1 : 0; }, a, aMode, b, bMode, out, k, i0, i1);
    case kCompare_NotEqual:
      return mapBinary(
          [](float x, float y) { return x != y ? 1 : 0; }, a, aMode, b, bMode, out, k, i0, i1);
    default:
      return;
  }
}

}  // namespace

void binaryKernel(int op, const float* a, int aMode, const float* b, int bMode, float* out,
                  int64_t k, int64_t i0, int64_t i1) {
  switch (op) {
    case kBinary_Add:
      return mapBinary(AddOp{}, a, aMode, b, bMode, out, k, i0, i1);
    case kBinary_Sub:
      return mapBinary(SubOp{}, a, aMode, b, bMode, out, k, i0, i1);
    case kBinary_Multiply:
      return mapBinary(MulOp{}, a, aMode, b, bMode, out, k, i0, i1);
    case kBinary_RealDiv:
      return mapBinary(DivOp{}, a, aMode, b, bMode, out, k, i0, i1);
    case kBinary_Maximum:
      return mapBinary(MaxOp{}, a, aMode, b, bMode, out, k, i0, i1);
    case kBinary_Minimum:
      return mapBinary(MinOp{}, a, aMode, b, bMode, out, k, i0, i1);
    case kBinary_SquaredDifference:
      return mapBinary(SqDiffOp{}, a, aMode, b, bMode, out, k, i0, i1);
    case kBinary_Pow:
      return mapBinary(PowOp{}, a, aMode, b, bMode, out, k, i0, i1);
    default:
      return;
  }
}

void compareKernel(int op, const float* a, int aMode, const float* b, int bMode, uint8_t* out,
                   int64_t k, int64_t i0, int64_t i1) {
  compareRange(op, a, aMode, b, bMode, out, k, i0, i1);
}

void unaryKernel(int op, const float* x, float* out, float alpha, int64_t i0, int64_t i1) {
  switch (op) {
    case kUnary_Relu:
      return mapUnary([](float v) { return v < 0.0f ? 0.0f : v; }, x, out, i0, i1);
    case kUnary_Relu6:
      return mapUnary([](float v) { return v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v); }, x, out,
                      i0, i1);
    case kUnary_LeakyRelu:
      return mapUnary([alpha](float v) { return v < 0.0f ? alpha * v : v; }, x, out, i0, i1);
    case kUnary_Sigmoid:
      return mapUnary([](float v) { return 1.0f / (1.0f + expClamped(-v)); }, x, out, i0, i1);
    case kUnary_Tanh:
      return mapUnary([](float v) { return tanhFast(v); }, x, out, i0, i1);
    case kUnary_Exp:
      return mapUnary([](float v) { return std::exp(v); }, x, out, i0, i1);
    case kUnary_Log:
      return mapUnary([](float v) { return std::log(v); }, x, out, i0, i1);
    case kUnary_Sqrt:
      return mapUnary([](float v) { return std::sqrt(v); }, x, out, i0, i1);
    case kUnary_Rsqrt:
      return mapUnary([](float v) { return 1.0f / std::sqrt(v); }, x, out, i0, i1);
    case kUnary_Square:
      return mapUnary([](float v) { return v * v; }, x, out, i0, i1);
    case kUnary_Neg:
      return mapUnary([](float v) { return -v; }, x, out, i0, i1);
    case kUnary_Abs:
      return mapUnary([](float v) { return std::fabs(v); }, x, out, i0, i1);
    case kUnary_Elu:
      return mapUnary([](float v) { return v >= 0.0f ? v : std::expm1(v); }, x, out, i0, i1);
    case kUnary_Softplus:
      return mapUnary(
          [](float v) {
            if (v < kSoftplusThreshold) return std::exp(v);
            if (v > -kSoftplusThreshold) return v;
            return std::log1p(std::exp(v));
          },
          x, out, i0, i1);
    case kUnary_Step:
      return mapUnary([alpha](float v) { return v != v ? kNaN : (v > 0.0f ? 1.0f : alpha); }, x,
                      out, i0, i1);
    case kUnary_Reciprocal:
      return mapUnary([](float v) { return 1.0f / v; }, x, out, i0, i1);
    case kUnary_Log1p:
      return mapUnary([](float v) { return std::log1p(v); }, x, out, i0, i1);
    default:
      return;
  }
}

void selectKernel(const uint8_t* cond, const float* t, const float* e, float* out, int64_t i0,
                  int64_t i1) {
  for (int64_t i = i0; i < i1; i++) out[i] = cond[i] ? t[i] : e[i];
}

void reduceKernel(int op, const float* x, int64_t mid, int64_t inner, int64_t o0, int64_t o1,
                  int64_t m0, int64_t m1, int64_t j0, int64_t j1, double* acc) {
  const bool isSum = op == kReduce_Sum || op == kReduce_Mean;
  const bool isMax = op == kReduce_Max;
  for (int64_t o = o0; o < o1; o++) {
    const float* block = x + o * mid * inner;
    double* dst = acc + o * inner;
    if (inner == 1) {
      if (isSum) {
        // Eight running sums (lane k takes m0 + k, m0 + k + 8, …), added in a fixed order: no
        // serial chain of dependent adds, and the same bits for the same [m0, m1).
        double lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int64_t m = m0;
        for (; m + 8 <= m1; m += 8) {
          for (int k = 0; k < 8; k++) lane[k] += block[m + k];
        }
        for (int k = 0; m < m1; m++, k++) lane[k] += block[m];
        dst[0] = ((lane[0] + lane[4]) + (lane[2] + lane[6])) + ((lane[1] + lane[5]) + (lane[3] + lane[7]));
      } else {
        float best = m1 > m0 ? block[m0] : kNaN;
        for (int64_t m = m0 + 1; m < m1; m++) {
          const float v = block[m];
          if (v != v) {
            best = kNaN;
            break;
          }
          best = isMax ? (v > best ? v : best) : (v < best ? v : best);
        }
        dst[0] = best;
      }
      continue;
    }
    if (isSum) {
      for (int64_t j = j0; j < j1; j++) dst[j] = 0.0;
      for (int64_t m = m0; m < m1; m++) {
        const float* row = block + m * inner;
        for (int64_t j = j0; j < j1; j++) dst[j] += row[j];
      }
      continue;
    }
    if (m1 <= m0) {
      for (int64_t j = j0; j < j1; j++) dst[j] = kNaN;
      continue;
    }
    for (int64_t j = j0; j < j1; j++) dst[j] = block[m0 * inner + j];
    for (int64_t m = m0 + 1; m < m1; m++) {
      const float* row = block + m * inner;
      for (int64_t j = j0; j < j1; j++) {
        const double v = row[j];
        const double d = dst[j];
        dst[j] = (v != v || d != d) ? static_cast<double>(kNaN)
                 : isMax            ? (v > d ? v : d)
                                    : (v < d ? v : d);
      }
    }
  }
}

void batchNormKernel(const float* x, const float* mu, const float* inv, const float* off,
                     float* y, int64_t channels, int64_t r0, int64_t r1) {
  for (int64_t r = r0; r < r1; r++) {
    const float* xr = x + r * channels;
    float* yr = y + r * channels;
    for (int64_t c = 0; c < channels; c++) yr[c] = (xr[c] - mu[c]) * inv[c] + off[c];
  }
}

void biasActivationKernel(float* y, int64_t cols, const float* bias, int biasMode,
                          int activation, float alpha, int64_t r0, int64_t r1) {
  float* start = y + r0 * cols;
  const int64_t n = (r1 - r0) * cols;
  if (biasMode == kBias_perColumn) {
    for (int64_t r = r0; r < r1; r++) {
      float* row = y + r * cols;
      for (int64_t c = 0; c < cols; c++) row[c] += bias[c];
    }
  } else if (biasMode == kBias_scalar) {
    const float b = bias[0];
    for (int64_t i = 0; i < n; i++) start[i] += b;
  } else if (biasMode == kBias_full) {
    const float* bs = bias + r0 * cols;
    for (int64_t i = 0; i < n; i++) start[i] += bs[i];
  }
  switch (activation) {
    case kActivation_relu:
      for (int64_t i = 0; i < n; i++) start[i] = start[i] < 0.0f ? 0.0f : start[i];
      break;
    case kActivation_relu6:
      for (int64_t i = 0; i < n; i++)
        start[i] = start[i] < 0.0f ? 0.0f : (start[i] > 6.0f ? 6.0f : start[i]);
      break;
    case kActivation_leakyrelu:
      for (int64_t i = 0; i < n; i++) start[i] = start[i] < 0.0f ? alpha * start[i] : start[i];
      break;
    case kActivation_sigmoid:
      for (int64_t i = 0; i < n; i++) start[i] = 1.0f / (1.0f + std::exp(-start[i]));
      break;
    case kActivation_elu:
      for (int64_t i = 0; i < n; i++) start[i] = start[i] >= 0.0f ? start[i] : std::expm1(start[i]);
      break;
    default:
      break;
  }
}

#include "isa_end.h"

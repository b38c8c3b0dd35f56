// The element-wise, reduction, tile and normalisation drivers: they split the work over the
// thread pool (static ranges) and run the serial kernels of the chosen ISA on each range.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernels.h"
#include "ops.h"
#include "pool.h"

namespace gantry {
namespace {

// Entries per part below which an element-wise kernel stays on one thread (≈ 10 µs of work).
constexpr int64_t kMinElements = int64_t{1} << 15;
constexpr int64_t kMinTranscendental = int64_t{1} << 13;
// Columns per part below which a reduction over rows splits the rows instead of the columns:
// splitting short rows (a batch norm's 64 channels) has every thread stride over all the memory.
constexpr int64_t kMinInnerRun = 1024;

bool transcendental(int op) {
  switch (op) {
    case kUnary_Sigmoid:
    case kUnary_Tanh:
    case kUnary_Exp:
    case kUnary_Log:
    case kUnary_Elu:
    case kUnary_Softplus:
    case kUnary_Log1p:
      return true;
    default:
      return false;
  }
}

thread_local std::vector<double> tAcc;

double* accBuffer(int64_t n) {
  if (static_cast<int64_t>(tAcc.size()) < n) tAcc.resize(static_cast<size_t>(n));
  return tAcc.data();
}

// Combines per-part accumulators (in part order) into the first one.
void combine(int op, double* acc, int parts, int64_t n) {
  for (int p = 1; p < parts; p++) {
    const double* src = acc + p * n;
    for (int64_t i = 0; i < n; i++) {
      const double v = src[i], d = acc[i];
      if (op == kReduce_Sum || op == kReduce_Mean) {
        acc[i] = d + v;
      } else if (v != v || d != d) {
        acc[i] = std::nan("");
      } else {
        acc[i] = op == kReduce_Max ? std::max(d, v) : std::min(d, v);
      }
    }
  }
}

}  // namespace

void binary(int op, const float* a, int aMode, const float* b, int bMode, float* out,
            int64_t rows, int64_t k) {
  const KernelTable& t = kernels();
  parallelFor(rows * k, kMinElements, [&](int64_t i0, int64_t i1) {
    t.binary(op, a, aMode, b, bMode, out, k, i0, i1);
  });
}

void compare(int op, const float* a, int aMode, const float* b, int bMode, uint8_t* out,
             int64_t rows, int64_t k) {
  const KernelTable& t = kernels();
  parallelFor(rows * k, kMinElements, [&](int64_t i0, int64_t i1) {
    t.compare(op, a, aMode, b, bMode, out, k, i0, i1);
  });
}

void unary(int op, const float* x, float* out, int64_t n, float alpha) {
  const KernelTable& t = kernels();
  parallelFor(n, transcendental(op) ? kMinTranscendental : kMinElements,
              [&](int64_t i0, int64_t i1) { t.unary(op, x, out, alpha, i0, i1); });
}

void select(const uint8_t* cond, const float* te, const float* e, float* out, int64_t n) {
  const KernelTable& t = kernels();
  parallelFor(n, kMinElements,
              [&](int64_t i0, int64_t i1) { t.select(cond, te, e, out, i0, i1); });
}

void logicalNot(const uint8_t* x, uint8_t* out, int64_t n) {
  parallelFor(n, kMinElements * 4, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; i++) out[i] = x[i] ? 0 : 1;
  });
}

void reduce(int op, const float* x, float* out, int64_t outer, int64_t mid, int64_t inner) {
  const KernelTable& t = kernels();
  const int64_t n = outer * inner;
  if (n == 0) return;
  const int parts = partsFor(n * std::max<int64_t>(mid, 1), kMinElements);
  double* acc;
  if (parts <= 1) {
    acc = accBuffer(n);
    t.reduce(op, x, mid, inner, 0, outer, 0, mid, 0, inner, acc);
  } else if (outer >= parts) {
    acc = accBuffer(n);
    parallelParts(parts, [&](int p, int P) {
      t.reduce(op, x, mid, inner, outer * p / P, outer * (p + 1) / P, 0, mid, 0, inner, acc);
    });
  } else if (inner >= kMinInnerRun * parts || (inner >= 16 * parts && mid < parts)) {
    // Long rows: each part sums its own columns of every row (runs of ≥ 4 KiB).
    acc = accBuffer(n);
    parallelParts(parts, [&](int p, int P) {
      const int64_t j0 = inner * p / P / 16 * 16;
      const int64_t j1 = p + 1 == P ? inner : inner * (p + 1) / P / 16 * 16;
      t.reduce(op, x, mid, inner, 0, outer, 0, mid, j0, j1, acc);
    });
  } else {
    // Few or short rows (e.g. batch-norm moments: [N·H·W, C]): per-part partial results over
    // slices of the reduced axis, each part streaming its own contiguous rows, combined in part
    // order (so the sum order depends on the thread count, and only on it).
    const int splits = static_cast<int>(std::min<int64_t>(parts, mid));
    acc = accBuffer(n * splits);
    parallelParts(splits, [&](int p, int P) {
      t.reduce(op, x, mid, inner, 0, outer, mid * p / P, mid * (p + 1) / P, 0, inner,
               acc + p * n);
    });
    combine(op, acc, splits, n);
  }
  const double scale = op == kReduce_Mean && mid > 0 ? 1.0 / static_cast<double>(mid) : 1.0;
  for (int64_t i = 0; i < n; i++) out[i] = static_cast<float>(acc[i] * scale);
}

// Tile's shape with adjacent dims merged where the copy pattern allows (both unrepeated; or the
// outer of size 1 and the inner unrepeated: out[j] = x[j mod n] either way; or both of size 1),
// and a repeated last dim of x moved out to rows of its own, so that each output row is one
// memcpy or one fill and the rows split over the pool.
static void tileDims(const int32_t* xShape, const int32_t* reps, int rank,
                     std::vector<int64_t>& xs, std::vector<int64_t>& rs) {
  for (int d = 0; d < rank; d++) {
    const int64_t x = xShape[d], r = reps[d];
    if (!xs.empty()) {
      int64_t& px = xs.back();
      int64_t& pr = rs.back();
      if (pr == 1 && r == 1) {
        px *= x;
        continue;
      }
      if (px == 1 && r == 1) {
        px = x;
        continue;
      }
      if (px == 1 && x == 1) {
        pr *= r;
        continue;
      }
    }
    xs.push_back(x);
    rs.push_back(r);
  }
  if (xs.back() > 1 && rs.back() > 1) {
    // [.., n] × r → [.., 1, n] × [.., r, 1]: the r copies become rows.
    const int64_t r = rs.back();
    rs.back() = 1;
    xs.insert(xs.end() - 1, 1);
    rs.insert(rs.end() - 1, r);
  }
}

void tile(const float* x, const int32_t* xShape, const int32_t* reps, int rank, float* out) {
  std::vector<int64_t> xs, rs;
  tileDims(xShape, reps, rank, xs, rs);
  // Output rows (all dims but the last), each the matching x row repeated rs[last] times: a copy
  // of the row (rs[last] is 1 unless the row is one value) or a fill.
  const int last = static_cast<int>(xs.size()) - 1;
  const int64_t xCols = xs[last];
  const int64_t outCols = xCols * rs[last];
  int64_t outRows = 1;
  std::vector<int64_t> outDims(xs.size()), xStride(xs.size());
  int64_t s = 1;
  for (int d = last; d >= 0; d--) {
    outDims[d] = xs[d] * rs[d];
    xStride[d] = s;
    s *= xs[d];
    if (d < last) outRows *= outDims[d];
  }
  if (outRows == 0 || outCols == 0) return;
  parallelFor(outRows, std::max<int64_t>(1, kMinElements / outCols), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      int64_t rem = r, src = 0;
      for (int d = last - 1; d >= 0; d--) {
        const int64_t c = rem % outDims[d];
        rem /= outDims[d];
        src += (c % xs[d]) * xStride[d];
      }
      float* dst = out + r * outCols;
      if (xCols == 1) {
        // A broadcast value (a layer norm's moments, a reduction's gradient): a fill.
        std::fill_n(dst, outCols, x[src]);
      } else {
        std::memcpy(dst, x + src, sizeof(float) * xCols);
      }
    }
  });
}

// batchNorm with some parameters of x's size: element by element, each row reading the
// full-size parameters at its own offset and the per-channel ones at 0.
static void batchNormFull(const float* x, const float* mean, const float* var, const float* scale,
                          const float* offset, float* y, int64_t rows, int64_t channels,
                          float eps, int fullMask) {
  const auto stride = [&](int bit) { return (fullMask & bit) ? channels : int64_t{0}; };
  const int64_t sMean = stride(1), sVar = stride(2), sScale = stride(4), sOffset = stride(8);
  parallelFor(rows, std::max<int64_t>(1, kMinElements / std::max<int64_t>(channels, 1)),
              [&](int64_t r0, int64_t r1) {
                for (int64_t r = r0; r < r1; r++) {
                  const float* xr = x + r * channels;
                  const float* m = mean + r * sMean;
                  const float* v = var + r * sVar;
                  float* yr = y + r * channels;
                  if (scale && offset) {
                    const float* g = scale + r * sScale;
                    const float* b = offset + r * sOffset;
                    for (int64_t c = 0; c < channels; c++)
                      yr[c] = (xr[c] - m[c]) * (g[c] / std::sqrt(v[c] + eps)) + b[c];
                  } else {
                    for (int64_t c = 0; c < channels; c++) {
                      const float g = scale ? scale[r * sScale + c] : 1.0f;
                      const float b = offset ? offset[r * sOffset + c] : 0.0f;
                      yr[c] = (xr[c] - m[c]) * (g / std::sqrt(v[c] + eps)) + b;
                    }
                  }
                }
              });
}

void batchNorm(const float* x, const float* mean, const float* var, const float* scale,
               const float* offset, float* y, int64_t rows, int64_t channels, float eps,
               int fullMask) {
  if (fullMask != 0) {
    batchNormFull(x, mean, var, scale, offset, y, rows, channels, eps, fullMask);
    return;
  }
  std::vector<float> inv(static_cast<size_t>(channels)), off(static_cast<size_t>(channels)),
      mu(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; c++) {
    const double s = scale ? scale[c] : 1.0;
    inv[c] = static_cast<float>(s / std::sqrt(static_cast<double>(var[c]) + eps));
    off[c] = offset ? offset[c] : 0.0f;
    mu[c] = mean[c];
  }
  const KernelTable& t = kernels();
  parallelFor(rows, std::max<int64_t>(1, kMinElements / std::max<int64_t>(channels, 1)),
              [&](int64_t r0, int64_t r1) {
                t.batchNorm(x, mu.data(), inv.data(), off.data(), y, channels, r0, r1);
              });
}

void biasActivation(float* y, int64_t rows, int64_t cols, const float* bias, int biasMode,
                    int activation, float alpha) {
  const KernelTable& t = kernels();
  parallelFor(rows, std::max<int64_t>(1, kMinElements / std::max<int64_t>(cols, 1)),
              [&](int64_t r0, int64_t r1) {
                t.biasActivation(y, cols, bias, biasMode, activation, alpha, r0, r1);
              });
}

void optimizerUpdate(int kind, const float* x, const float* g, const float* s0, const float* s1,
                     const float* c, float* xo, float* s0o, float* s1o, int64_t n) {
  const KernelTable& t = kernels();
  // Seven streams and a square root per entry: worth a thread at a quarter of kMinElements.
  parallelFor(n, kMinElements / 4, [&](int64_t i0, int64_t i1) {
    t.optimizer(kind, x, g, s0, s1, c, xo, s0o, s1o, i0, i1);
  });
}

}  // namespace gantry

// 2-D convolutions and their input gradients by oneDNN where it is loaded (onednn.cc; not 1×1
// convolutions, which are one GEMM); else, and for filter gradients, im2col/col2im + GEMM,
// split over the thread pool by images: each part lowers its own images into its own column buffer and runs a single-threaded GEMM on them, so
// im2col, col2im and GEMM all run in parallel. Conv2DBackpropFilter sums per-part partial
// filters in part order (deterministic for a given thread count). Batches too small to split
// run image chunks one after the other with a parallel GEMM each.
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels.h"
#include "pool.h"

namespace gantry {
namespace {

// Upper bound on im2col buffer entries per chunk (1 MiB of floats: the chunk stays in L2
// between im2col and GEMM; measured best of 64K-4M floats); at least one image.
constexpr int64_t kColBudget = int64_t{1} << 18;
// Multiply-adds per part below which the images are not split over threads.
constexpr int64_t kMinMacsPerPart = int64_t{1} << 20;

thread_local std::vector<float> tCols;

float* colBuffer(int64_t n) {
  if (static_cast<int64_t>(tCols.size()) < n) tCols.resize(static_cast<size_t>(n));
  return tCols.data();
}

bool isPointwise(const ConvGeom& g) {
  return g.fh == 1 && g.fw == 1 && g.strideH == 1 && g.strideW == 1 && g.padTop == 0 &&
         g.padLeft == 0 && g.outH == g.inH && g.outW == g.inW;
}

int64_t patchSize(const ConvGeom& g) { return g.fh * g.fw * g.inC; }
int64_t rowsPerImage(const ConvGeom& g) { return g.outH * g.outW; }

int64_t imagesPerChunk(const ConvGeom& g, int64_t images) {
  const int64_t perImage = std::max<int64_t>(1, rowsPerImage(g) * patchSize(g));
  return std::max<int64_t>(1, std::min<int64_t>(images, kColBudget / perImage));
}

// Parts to split the batch into: at least one image and kMinMacsPerPart each.
int imageParts(const ConvGeom& g) {
  const int64_t macsPerImage = std::max<int64_t>(1, rowsPerImage(g) * patchSize(g) * g.outC);
  return partsFor(g.batch, std::max<int64_t>(1, kMinMacsPerPart / macsPerImage));
}

// fn(part, b0, b1, parallel) for each of `parts` contiguous image ranges (parallel: the GEMMs
// inside may use the pool themselves, because the batch was not split).
template <typename F>
void overImages(const ConvGeom& g, int parts, const F& fn) {
  if (parts <= 1) {
    fn(0, int64_t{0}, g.batch, true);
    return;
  }
  parallelParts(parts, [&](int t, int T) {
    const int64_t b0 = g.batch * t / T, b1 = g.batch * (t + 1) / T;
    if (b1 > b0) fn(t, b0, b1, false);
  });
}

}  // namespace

void conv2d(const ConvGeom& g, const float* x, const float* w, float* y) {
  const int64_t K = patchSize(g), rows = rowsPerImage(g);
  if (isPointwise(g)) {
    gemm(false, false, g.batch * rows, g.outC, K, x, K, w, g.outC, y, g.outC, 0.0f);
    return;
  }
  if (onednnConv(ConvPass::Forward, g, x, w, y)) return;
  const KernelTable& k = kernels();
  overImages(g, imageParts(g), [&](int, int64_t b0, int64_t b1, bool parallel) {
    const int64_t chunk = imagesPerChunk(g, b1 - b0);
    float* cols = colBuffer(chunk * rows * K);
    for (int64_t b = b0; b < b1; b += chunk) {
      const int64_t nb = std::min(chunk, b1 - b);
      k.im2col(g, x, b, nb, cols);
      gemm(false, false, nb * rows, g.outC, K, cols, K, w, g.outC, y + b * rows * g.outC, g.outC,
           0.0f, parallel);
    }
  });
}

void conv2dBackpropInput(const ConvGeom& g, const float* dy, const float* w, float* dx) {
  const int64_t K = patchSize(g), rows = rowsPerImage(g);
  if (isPointwise(g)) {
    gemm(false, true, g.batch * rows, K, g.outC, dy, g.outC, w, g.outC, dx, K, 0.0f);
    return;
  }
  if (onednnConv(ConvPass::BackwardData, g, dy, w, dx)) return;
  const KernelTable& k = kernels();
  const int64_t imageSize = g.inH * g.inW * g.inC;
  overImages(g, imageParts(g), [&](int, int64_t b0, int64_t b1, bool parallel) {
    std::fill(dx + b0 * imageSize, dx + b1 * imageSize, 0.0f);
    const int64_t chunk = imagesPerChunk(g, b1 - b0);
    float* cols = colBuffer(chunk * rows * K);
    for (int64_t b = b0; b < b1; b += chunk) {
      const int64_t nb = std::min(chunk, b1 - b);
      gemm(false, true, nb * rows, K, g.outC, dy + b * rows * g.outC, g.outC, w, g.outC, cols, K,
           0.0f, parallel);
      k.col2imAdd(g, cols, b, nb, dx);
    }
  });
}

void conv2dBackpropFilter(const ConvGeom& g, const float* x, const float* dy, float* dw) {
  const int64_t K = patchSize(g), rows = rowsPerImage(g);
  const int64_t size = K * g.outC;
  if (isPointwise(g)) {
    gemm(true, false, K, g.outC, g.batch * rows, x, K, dy, g.outC, dw, g.outC, 0.0f);
    return;
  }
  if (g.batch == 0 || rows == 0) {
    std::fill(dw, dw + size, 0.0f);
    return;
  }
  const KernelTable& k = kernels();
  const int parts = imageParts(g);
  // Part 0 sums into dw, part t > 0 into partials[t − 1]; then dw += partials in part order.
  std::vector<float> partials(static_cast<size_t>(std::max(0, parts - 1) * size));
  overImages(g, parts, [&](int t, int64_t b0, int64_t b1, bool parallel) {
    float* out = t == 0 ? dw : partials.data() + (t - 1) * size;
    const int64_t chunk = imagesPerChunk(g, b1 - b0);
    float* cols = colBuffer(chunk * rows * K);
    for (int64_t b = b0; b < b1; b += chunk) {
      const int64_t nb = std::min(chunk, b1 - b);
      k.im2col(g, x, b, nb, cols);
      gemm(true, false, K, g.outC, nb * rows, cols, K, dy + b * rows * g.outC, g.outC, out,
           g.outC, b == b0 ? 0.0f : 1.0f, parallel);
    }
  });
  if (parts <= 1) return;
  parallelFor(size, int64_t{1} << 15, [&](int64_t i0, int64_t i1) {
    for (int p = 0; p < parts - 1; p++) {
      const float* src = partials.data() + p * size;
      for (int64_t i = i0; i < i1; i++) dw[i] += src[i];
    }
  });
}

}  // namespace gantry

// GEMM through CBLAS (or the built-in one of gemm_builtin.cc when no BLAS was found), and 2-D
// convolutions as im2col/col2im + GEMM.
#ifndef GANTRY_BUILTIN_GEMM
#include <cblas.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernels.h"

namespace gantry {

void gemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, const float* A,
          const float* B, float* C, float beta) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (beta == 0.0f) {
      std::fill(C, C + M * N, 0.0f);
    } else {
      for (int64_t i = 0; i < M * N; i++) C[i] *= beta;
    }
    return;
  }
#ifdef GANTRY_BUILTIN_GEMM
  builtinGemm(transA, transB, M, N, K, A, B, C, beta);
#else
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
              transB ? CblasTrans : CblasNoTrans, static_cast<int>(M), static_cast<int>(N),
              static_cast<int>(K), 1.0f, A, static_cast<int>(transA ? M : K), B,
              static_cast<int>(transB ? K : N), beta, C, static_cast<int>(N));
#endif
}

#if defined(GANTRY_BUILTIN_GEMM)
int setBlasThreads(int) { return 1; }
int getBlasThreads() { return 1; }
const char* blasName() { return "built-in GEMM (no BLAS library found)"; }
#elif defined(OPENBLAS_VERSION)
int setBlasThreads(int threads) {
  openblas_set_num_threads(threads);
  return openblas_get_num_threads();
}
int getBlasThreads() { return openblas_get_num_threads(); }
const char* blasName() { return OPENBLAS_VERSION; }
#else
int setBlasThreads(int) { return -1; }
int getBlasThreads() { return -1; }
const char* blasName() { return "CBLAS"; }
#endif

namespace {

// Upper bound on im2col buffer entries per chunk (1 MiB of floats: the chunk stays in L2
// between im2col and GEMM; measured best of 64K-4M floats); at least one image.
constexpr int64_t kColBudget = int64_t{1} << 18;

bool isPointwise(const ConvGeom& g) {
  return g.fh == 1 && g.fw == 1 && g.strideH == 1 && g.strideW == 1 && g.padTop == 0 &&
         g.padLeft == 0 && g.outH == g.inH && g.outW == g.inW;
}

int64_t imagesPerChunk(const ConvGeom& g, int64_t K) {
  const int64_t perImage = std::max<int64_t>(1, g.outH * g.outW * K);
  return std::max<int64_t>(1, std::min<int64_t>(g.batch, kColBudget / perImage));
}

// cols[(b·outH + oy)·outW + ox][(ky·fw + kx)·inC + c] = x[b0 + b][iy][ix][c], 0 outside.
void im2col(const ConvGeom& g, const float* x, int64_t b0, int64_t nb, float* cols) {
  const int64_t C = g.inC;
  const int64_t K = g.fh * g.fw * C;
  float* row = cols;
  for (int64_t b = 0; b < nb; b++) {
    const float* img = x + (b0 + b) * g.inH * g.inW * C;
    for (int64_t oy = 0; oy < g.outH; oy++) {
      for (int64_t ox = 0; ox < g.outW; ox++, row += K) {
        float* dst = row;
        for (int64_t ky = 0; ky < g.fh; ky++) {
          const int64_t iy = oy * g.strideH + ky * g.dilH - g.padTop;
          if (iy < 0 || iy >= g.inH) {
            std::memset(dst, 0, sizeof(float) * g.fw * C);
            dst += g.fw * C;
            continue;
          }
          const float* src = img + iy * g.inW * C;
          for (int64_t kx = 0; kx < g.fw; kx++, dst += C) {
            const int64_t ix = ox * g.strideW + kx * g.dilW - g.padLeft;
            if (ix < 0 || ix >= g.inW) {
              std::memset(dst, 0, sizeof(float) * C);
            } else if (C == 1) {
              *dst = src[ix];
            } else {
              std::memcpy(dst, src + ix * C, sizeof(float) * C);
            }
          }
        }
      }
    }
  }
}

// The adjoint of im2col: dx[b0 + b][iy][ix][c] += cols[...] (dx must start at zero).
void col2imAdd(const ConvGeom& g, const float* cols, int64_t b0, int64_t nb, float* dx) {
  const int64_t C = g.inC;
  const int64_t K = g.fh * g.fw * C;
  const float* row = cols;
  for (int64_t b = 0; b < nb; b++) {
    float* img = dx + (b0 + b) * g.inH * g.inW * C;
    for (int64_t oy = 0; oy < g.outH; oy++) {
      for (int64_t ox = 0; ox < g.outW; ox++, row += K) {
        const float* src = row;
        for (int64_t ky = 0; ky < g.fh; ky++) {
          const int64_t iy = oy * g.strideH + ky * g.dilH - g.padTop;
          if (iy < 0 || iy >= g.inH) {
            src += g.fw * C;
            continue;
          }
          float* dstRow = img + iy * g.inW * C;
          for (int64_t kx = 0; kx < g.fw; kx++, src += C) {
            const int64_t ix = ox * g.strideW + kx * g.dilW - g.padLeft;
            if (ix < 0 || ix >= g.inW) continue;
            float* dst = dstRow + ix * C;
            for (int64_t c = 0; c < C; c++) dst[c] += src[c];
          }
        }
      }
    }
  }
}

}  // namespace

void conv2d(const ConvGeom& g, const float* x, const float* w, float* y) {
  const int64_t K = g.fh * g.fw * g.inC;
  const int64_t rowsPerImage = g.outH * g.outW;
  if (isPointwise(g)) {
    gemm(false, false, g.batch * rowsPerImage, g.outC, K, x, w, y, 0.0f);
    return;
  }
  const int64_t chunk = imagesPerChunk(g, K);
  std::vector<float> cols(static_cast<size_t>(chunk * rowsPerImage * K));
  for (int64_t b0 = 0; b0 < g.batch; b0 += chunk) {
    const int64_t nb = std::min(chunk, g.batch - b0);
    im2col(g, x, b0, nb, cols.data());
    gemm(false, false, nb * rowsPerImage, g.outC, K, cols.data(), w,
         y + b0 * rowsPerImage * g.outC, 0.0f);
  }
}

void conv2dBackpropInput(const ConvGeom& g, const float* dy, const float* w, float* dx) {
  const int64_t K = g.fh * g.fw * g.inC;
  const int64_t rowsPerImage = g.outH * g.outW;
  if (isPointwise(g)) {
    gemm(false, true, g.batch * rowsPerImage, K, g.outC, dy, w, dx, 0.0f);
    return;
  }
  std::fill(dx, dx + g.batch * g.inH * g.inW * g.inC, 0.0f);
  const int64_t chunk = imagesPerChunk(g, K);
  std::vector<float> cols(static_cast<size_t>(chunk * rowsPerImage * K));
  for (int64_t b0 = 0; b0 < g.batch; b0 += chunk) {
    const int64_t nb = std::min(chunk, g.batch - b0);
    gemm(false, true, nb * rowsPerImage, K, g.outC, dy + b0 * rowsPerImage * g.outC, w,
         cols.data(), 0.0f);
    col2imAdd(g, cols.data(), b0, nb, dx);
  }
}

void conv2dBackpropFilter(const ConvGeom& g, const float* x, const float* dy, float* dw) {
  const int64_t K = g.fh * g.fw * g.inC;
  const int64_t rowsPerImage = g.outH * g.outW;
  if (isPointwise(g)) {
    gemm(true, false, K, g.outC, g.batch * rowsPerImage, x, dy, dw, 0.0f);
    return;
  }
  if (g.batch == 0 || rowsPerImage == 0) {
    std::fill(dw, dw + K * g.outC, 0.0f);
    return;
  }
  const int64_t chunk = imagesPerChunk(g, K);
  std::vector<float> cols(static_cast<size_t>(chunk * rowsPerImage * K));
  for (int64_t b0 = 0; b0 < g.batch; b0 += chunk) {
    const int64_t nb = std::min(chunk, g.batch - b0);
    im2col(g, x, b0, nb, cols.data());
    gemm(true, false, K, g.outC, nb * rowsPerImage, cols.data(),
         dy + b0 * rowsPerImage * g.outC, dw, b0 == 0 ? 0.0f : 1.0f);
  }
}

void biasActivation(float* y, int64_t rows, int64_t cols, const float* bias, int biasMode,
                    int activation, float alpha) {
  const int64_t n = rows * cols;
  if (biasMode == kBiasPerColumn) {
    for (int64_t r = 0; r < rows; r++) {
      float* row = y + r * cols;
      for (int64_t c = 0; c < cols; c++) row[c] += bias[c];
    }
  } else if (biasMode == kBiasScalar) {
    const float b = bias[0];
    for (int64_t i = 0; i < n; i++) y[i] += b;
  } else if (biasMode == kBiasFull) {
    for (int64_t i = 0; i < n; i++) y[i] += bias[i];
  }
  switch (activation) {
    case kActRelu:
      for (int64_t i = 0; i < n; i++) y[i] = y[i] < 0.0f ? 0.0f : y[i];
      break;
    case kActRelu6:
      for (int64_t i = 0; i < n; i++) y[i] = y[i] < 0.0f ? 0.0f : (y[i] > 6.0f ? 6.0f : y[i]);
      break;
    case kActLeakyRelu:
      for (int64_t i = 0; i < n; i++) y[i] = y[i] < 0.0f ? alpha * y[i] : y[i];
      break;
    case kActSigmoid:
      for (int64_t i = 0; i < n; i++) y[i] = 1.0f / (1.0f + std::exp(-y[i]));  // rarely hot
      break;
    case kActElu:
      for (int64_t i = 0; i < n; i++) y[i] = y[i] >= 0.0f ? y[i] : std::expm1(y[i]);
      break;
    default:
      break;
  }
}

}  // namespace gantry

// im2col and its adjoint col2im for the convolutions (conv.cc), compiled once per ISA.
#include <cstdint>
#include <cstring>

#include "kernels.h"

#include "isa_begin.h"

void im2colKernel(const ConvGeom& g, const float* x, int64_t b0, int64_t nb, float* cols) {
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

void col2imAddKernel(const ConvGeom& g, const float* cols, int64_t b0, int64_t nb, float* dx) {
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

#include "isa_end.h"

// A portable single-threaded SGEMM, compiled instead of CBLAS when no BLAS library is found
// (GANTRY_BLAS_LIB=none, chosen by scripts/build-addon.mjs after the OpenBLAS build fails).
// op(A) and op(B) are first copied to row-major A [M×K] and B [K×N]; then, per block of KC
// rows of B and NC columns, four rows of C at a time accumulate a·B[k][j0..j1], so each loaded
// row of B feeds four rows of C and the inner loop over j is vectorised by the compiler.
#ifdef GANTRY_BUILTIN_GEMM

#include <algorithm>
#include <vector>

#include "kernels.h"

namespace gantry {

namespace {

constexpr int64_t KC = 256;  // rows of B per block (KC·NC floats = 512 KiB: stays in L2)
constexpr int64_t NC = 512;  // columns of B and C per block (4 rows of C = 8 KiB: in L1)

void transposeInto(const float* src, int64_t rows, int64_t cols, float* dst) {
  // dst[c][r] = src[r][c], in 32×32 tiles.
  for (int64_t r0 = 0; r0 < rows; r0 += 32) {
    for (int64_t c0 = 0; c0 < cols; c0 += 32) {
      const int64_t r1 = std::min(rows, r0 + 32);
      const int64_t c1 = std::min(cols, c0 + 32);
      for (int64_t r = r0; r < r1; r++) {
        for (int64_t c = c0; c < c1; c++) dst[c * rows + r] = src[r * cols + c];
      }
    }
  }
}

}  // namespace

void builtinGemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, const float* A,
                 const float* B, float* C, float beta) {
  std::vector<float> aBuf;
  std::vector<float> bBuf;
  if (transA) {  // stored K×M
    aBuf.resize(static_cast<size_t>(M * K));
    transposeInto(A, K, M, aBuf.data());
    A = aBuf.data();
  }
  if (transB) {  // stored N×K
    bBuf.resize(static_cast<size_t>(K * N));
    transposeInto(B, N, K, bBuf.data());
    B = bBuf.data();
  }
  if (beta == 0.0f) {
    std::fill(C, C + M * N, 0.0f);
  } else if (beta != 1.0f) {
    for (int64_t i = 0; i < M * N; i++) C[i] *= beta;
  }
  for (int64_t k0 = 0; k0 < K; k0 += KC) {
    const int64_t k1 = std::min(K, k0 + KC);
    for (int64_t j0 = 0; j0 < N; j0 += NC) {
      const int64_t width = std::min(N, j0 + NC) - j0;
      int64_t i = 0;
      for (; i + 4 <= M; i += 4) {
        float* __restrict c0 = C + i * N + j0;
        float* __restrict c1 = c0 + N;
        float* __restrict c2 = c1 + N;
        float* __restrict c3 = c2 + N;
        const float* a = A + i * K;
        for (int64_t k = k0; k < k1; k++) {
          const float a0 = a[k];
          const float a1 = a[K + k];
          const float a2 = a[2 * K + k];
          const float a3 = a[3 * K + k];
          const float* __restrict b = B + k * N + j0;
          for (int64_t j = 0; j < width; j++) {
            const float bj = b[j];
            c0[j] += a0 * bj;
            c1[j] += a1 * bj;
            c2[j] += a2 * bj;
            c3[j] += a3 * bj;
          }
        }
      }
      for (; i < M; i++) {
        float* __restrict c = C + i * N + j0;
        const float* a = A + i * K;
        for (int64_t k = k0; k < k1; k++) {
          const float ak = a[k];
          const float* __restrict b = B + k * N + j0;
          for (int64_t j = 0; j < width; j++) c[j] += ak * b[j];
        }
      }
    }
  }
}

}  // namespace gantry

#endif  // GANTRY_BUILTIN_GEMM

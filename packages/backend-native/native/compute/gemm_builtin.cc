// The built-in single-threaded SGEMM, used when no OpenBLAS library is found at run time
// (blas.cc splits it over the thread pool like OpenBLAS calls). Compiled once per ISA, so it
// uses FMA and 256/512-bit vectors where the CPU has them.
// op(A) and op(B) are first copied to row-major A [M×K] and B [K×N]; then, per block of KC
// rows of B and NC columns, four rows of C at a time accumulate a·B[k][j0..j1], so each loaded
// row of B feeds four rows of C and the inner loop over j is vectorised by the compiler.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernels.h"

namespace gantry {
namespace {
// Scratch for the packed operands, per thread (allocated by baseline code).
thread_local std::vector<float> tPackA, tPackB;
float* scratch(std::vector<float>& v, int64_t n) {
  if (static_cast<int64_t>(v.size()) < n) v.resize(static_cast<size_t>(n));
  return v.data();
}
}  // namespace
}  // namespace gantry

#include "isa_begin.h"

namespace {

constexpr int64_t KC = 256;  // rows of B per block (KC·NC floats = 512 KiB: stays in L2)
constexpr int64_t NC = 512;  // columns of B and C per block (4 rows of C = 8 KiB: in L1)

// dst [rows × cols] (contiguous) = src (rows × cols with leading dimension ld), or its
// transpose when `transpose` (src is then cols × rows).
void pack(const float* src, int64_t ld, bool transpose, int64_t rows, int64_t cols, float* dst) {
  if (!transpose) {
    for (int64_t r = 0; r < rows; r++) {
      const float* s = src + r * ld;
      float* d = dst + r * cols;
      for (int64_t c = 0; c < cols; c++) d[c] = s[c];
    }
    return;
  }
  for (int64_t r0 = 0; r0 < rows; r0 += 32) {
    for (int64_t c0 = 0; c0 < cols; c0 += 32) {
      const int64_t r1 = r0 + 32 < rows ? r0 + 32 : rows;
      const int64_t c1 = c0 + 32 < cols ? c0 + 32 : cols;
      for (int64_t c = c0; c < c1; c++) {
        for (int64_t r = r0; r < r1; r++) dst[r * cols + c] = src[c * ld + r];
      }
    }
  }
}

}  // namespace

void gemmKernel(bool transA, bool transB, int64_t M, int64_t N, int64_t K, const float* Ain,
                int64_t lda, const float* Bin, int64_t ldb, float* C, int64_t ldc, float beta) {
  if (M <= 0 || N <= 0) return;
  for (int64_t i = 0; i < M; i++) {
    float* c = C + i * ldc;
    if (beta == 0.0f) {
      for (int64_t j = 0; j < N; j++) c[j] = 0.0f;
    } else if (beta != 1.0f) {
      for (int64_t j = 0; j < N; j++) c[j] *= beta;
    }
  }
  if (K <= 0) return;
  float* A = scratch(tPackA, M * K);
  float* B = scratch(tPackB, K * N);
  pack(Ain, lda, transA, M, K, A);
  pack(Bin, ldb, transB, K, N, B);
  for (int64_t k0 = 0; k0 < K; k0 += KC) {
    const int64_t k1 = k0 + KC < K ? k0 + KC : K;
    for (int64_t j0 = 0; j0 < N; j0 += NC) {
      const int64_t width = (j0 + NC < N ? j0 + NC : N) - j0;
      int64_t i = 0;
      for (; i + 4 <= M; i += 4) {
        float* __restrict c0 = C + i * ldc + j0;
        float* __restrict c1 = c0 + ldc;
        float* __restrict c2 = c1 + ldc;
        float* __restrict c3 = c2 + ldc;
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
        float* __restrict c = C + i * ldc + j0;
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

#include "isa_end.h"

// Pure compute of @gantry/backend-native (no N-API in here). Row-major float32 throughout; NHWC
// for images; filters are [fh, fw, inC, outC] as in TensorFlow.js.
//
// Two layers: the serial kernels of a KernelTable, compiled once per instruction set (baseline
// x86-64, AVX2+FMA, AVX-512) and picked at load by the CPU's features (dispatch.cc); and the
// drivers below, compiled once, which split the work over the thread pool (pool.h) and call
// the table. Every split is static (a function of the sizes and the thread count only), so a
// given thread count always gives the same bits.
#pragma once
#include <cstddef>
#include <cstdint>

namespace gantry {

// Geometry of one 2-D convolution (forward view: x → y).
struct ConvGeom {
  int64_t batch, inH, inW, inC;
  int64_t fh, fw;
  int64_t outH, outW, outC;
  int64_t strideH, strideW, dilH, dilW;
  int64_t padTop, padLeft;
};

// The serial kernels of one instruction set. Ranges are half-open; "flat" ranges index the
// output as a flat array.
struct KernelTable {
  const char* isa;
  // out[i] = a(i) <op> b(i) for flat i in [i0, i1), output rows of length k (operand modes of
  // ops.h).
  void (*binary)(int op, const float* a, int aMode, const float* b, int bMode, float* out,
                 int64_t k, int64_t i0, int64_t i1);
  void (*compare)(int op, const float* a, int aMode, const float* b, int bMode, uint8_t* out,
                  int64_t k, int64_t i0, int64_t i1);
  void (*unary)(int op, const float* x, float* out, float alpha, int64_t i0, int64_t i1);
  void (*select)(const uint8_t* cond, const float* t, const float* e, float* out, int64_t i0,
                 int64_t i1);
  // x is [outer, mid, inner]; acc[o·inner + j] = reduce over m in [m0, m1) of x[o][m][j], for
  // o in [o0, o1), j in [j0, j1) (sum in double; max/min exact).
  void (*reduce)(int op, const float* x, int64_t mid, int64_t inner, int64_t o0, int64_t o1,
                 int64_t m0, int64_t m1, int64_t j0, int64_t j1, double* acc);
  // y[r][c] = (x[r][c] − mu[c]) · inv[c] + off[c] for rows [r0, r1).
  void (*batchNorm)(const float* x, const float* mu, const float* inv, const float* off,
                    float* y, int64_t channels, int64_t r0, int64_t r1);
  // In place on rows [r0, r1) of y [rows × cols]: bias (ops.h bias modes), then activation.
  void (*biasActivation)(float* y, int64_t cols, const float* bias, int biasMode,
                         int activation, float alpha, int64_t r0, int64_t r1);
  // cols[(b·outH + oy)·outW + ox][(ky·fw + kx)·inC + c] = x[b0 + b][iy][ix][c] (0 outside).
  void (*im2col)(const ConvGeom& g, const float* x, int64_t b0, int64_t nb, float* cols);
  // The adjoint of im2col: dx[b0 + b][iy][ix][c] += cols[...].
  void (*col2imAdd)(const ConvGeom& g, const float* cols, int64_t b0, int64_t nb, float* dx);
  // C = op(A)·op(B) + beta·C, single-threaded (leading dimensions as in CBLAS, row-major).
  void (*gemm)(bool transA, bool transB, int64_t M, int64_t N, int64_t K, const float* A,
               int64_t lda, const float* B, int64_t ldb, float* C, int64_t ldc, float beta);
  // The fused update of optimizer `kind` (ops.h) on [i0, i1): θ, g, slots in; θ', slots' out.
  void (*optimizer)(int kind, const float* x, const float* g, const float* s0, const float* s1,
                    const float* c, float* xo, float* s0o, float* s1o, int64_t i0, int64_t i1);
};

// The tables of each instruction set compiled in (nullptr where not built), and the chosen one.
namespace isa_baseline {
const KernelTable* table();
}
namespace isa_avx2 {
const KernelTable* table();
}
namespace isa_avx512 {
const KernelTable* table();
}
const KernelTable& kernels();

// ---- drivers (threaded) ----

// C[M×N] = op(A)·op(B) + beta·C through OpenBLAS (one thread per call, split over the pool) or
// the built-in GEMM. `parallel` false: on the calling thread only.
void gemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, const float* A,
          int64_t lda, const float* B, int64_t ldb, float* C, int64_t ldc, float beta,
          bool parallel = true);
// out[i] = op(a[aOff(i)…]) · op(b[bOff(i)…]) for i < batch; aOff(i) = aOffsets[i] when given,
// else i·aStride.
void batchMatmul(bool transA, bool transB, int64_t batch, int64_t M, int64_t N, int64_t K,
                 const float* a, int64_t aStride, const int32_t* aOffsets, const float* b,
                 int64_t bStride, const int32_t* bOffsets, float* out);
// "OpenBLAS 0.3.21 (Haswell)" or "built-in GEMM (…why…)"; "openblas" or "builtin".
const char* blasName();
const char* blasKind();

// A convolution by oneDNN (onednn.cc) when it is loaded and worth it for the shape; false: not
// run (the caller does im2col + GEMM). Forward: a = x, b = w, out = y; BackwardData: a = dy,
// b = w, out = dx.
enum class ConvPass { Forward, BackwardData };
bool onednnConv(ConvPass pass, const ConvGeom& g, const float* a, const float* b, float* out);
// "oneDNN 2.6.3", or "im2col + GEMM (why not oneDNN)"; and "onednn" or "im2col".
const char* convLibraryName();
const char* convLibraryKind();

void conv2d(const ConvGeom& g, const float* x, const float* w, float* y);
void conv2dBackpropInput(const ConvGeom& g, const float* dy, const float* w, float* dx);
void conv2dBackpropFilter(const ConvGeom& g, const float* x, const float* dy, float* dw);

void binary(int op, const float* a, int aMode, const float* b, int bMode, float* out,
            int64_t rows, int64_t k);
void compare(int op, const float* a, int aMode, const float* b, int bMode, uint8_t* out,
             int64_t rows, int64_t k);
void unary(int op, const float* x, float* out, int64_t n, float alpha);
void select(const uint8_t* cond, const float* t, const float* e, float* out, int64_t n);
// out[i] = !x[i] for bool (0/1 byte) tensors.
void logicalNot(const uint8_t* x, uint8_t* out, int64_t n);
// out[o·inner + j] = reduce_m x[(o·mid + m)·inner + j]
void reduce(int op, const float* x, float* out, int64_t outer, int64_t mid, int64_t inner);
// out = tile(x, reps); shapes of `rank` dims (rank ≥ 1).
void tile(const float* x, const int32_t* xShape, const int32_t* reps, int rank, float* out);
// y[r][c] = (x[r][c] − mean[c]) · scale[c] / √(var[c] + ε) + offset[c]; a parameter whose bit
// is set in `fullMask` (1 mean, 2 var, 4 scale, 8 offset) has x's own size and is read at [r][c]
// (a layer norm's moments, scale and offset, tiled to x's shape by tfjs-layers).
void batchNorm(const float* x, const float* mean, const float* var, const float* scale,
               const float* offset, float* y, int64_t rows, int64_t channels, float eps,
               int fullMask);
void biasActivation(float* y, int64_t rows, int64_t cols, const float* bias, int biasMode,
                    int activation, float alpha);
// One optimizer update of n parameters (see optimizer.cc for `c`); s1/s1o only for Adam.
void optimizerUpdate(int kind, const float* x, const float* g, const float* s0, const float* s1,
                     const float* c, float* xo, float* s0o, float* s1o, int64_t n);

}  // namespace gantry

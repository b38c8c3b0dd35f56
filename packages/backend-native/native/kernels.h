// Pure compute kernels of @gantry/backend-native (no N-API in here). Row-major float32
// throughout; NHWC for images; filters are [fh, fw, inC, outC] as in TensorFlow.js.
#pragma once
#include <cstddef>
#include <cstdint>

namespace gantry {

// C[M×N] = op(A)·op(B) + beta·C, with A [M×K] (or [K×M] when transA), B [K×N] (or [N×K]).
void gemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, const float* A,
          const float* B, float* C, float beta);

#ifdef GANTRY_BUILTIN_GEMM
// The portable single-threaded SGEMM used when no BLAS library is available (same contract).
void builtinGemm(bool transA, bool transB, int64_t M, int64_t N, int64_t K, const float* A,
                 const float* B, float* C, float beta);
#endif

// Sets BLAS threads where the BLAS allows it; returns the count now in effect (-1: unknown).
int setBlasThreads(int threads);
int getBlasThreads();
const char* blasName();

// Geometry of one 2-D convolution (forward view: x → y).
struct ConvGeom {
  int64_t batch, inH, inW, inC;
  int64_t fh, fw;
  int64_t outH, outW, outC;
  int64_t strideH, strideW, dilH, dilW;
  int64_t padTop, padLeft;
};

// y = conv2d(x, w); y is fully written.
void conv2d(const ConvGeom& g, const float* x, const float* w, float* y);
// dx = conv2d_backprop_input(dy, w); dx is fully written.
void conv2dBackpropInput(const ConvGeom& g, const float* dy, const float* w, float* dx);
// dw = conv2d_backprop_filter(x, dy); dw is fully written.
void conv2dBackpropFilter(const ConvGeom& g, const float* x, const float* dy, float* dw);

// Epilogue of fused matmul/conv, in place on y [rows × cols].
enum BiasMode { kBiasNone = 0, kBiasPerColumn = 1, kBiasScalar = 2, kBiasFull = 3 };
enum Activation {
  kActLinear = 0,
  kActRelu = 1,
  kActRelu6 = 2,
  kActLeakyRelu = 3,
  kActSigmoid = 4,
  kActElu = 5,
};
void biasActivation(float* y, int64_t rows, int64_t cols, const float* bias, int biasMode,
                    int activation, float alpha);

}  // namespace gantry

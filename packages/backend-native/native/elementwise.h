// Element-wise and reduction kernels (float32) and their N-API entry points.
#pragma once
#include <node_api.h>

#include <cstdint>

namespace gantry {

// How an operand of a binary op is read at output index r·k + j (out has rows × k entries).
enum OperandMode {
  kSame = 0,    // operand[r·k + j]  (same shape as the output)
  kScalar = 1,  // operand[0]
  kRow = 2,     // operand[j]        (shape is a suffix of the output's: a bias)
  kCol = 3,     // operand[r]        (shape is a prefix of the output's, then ones)
};

enum BinaryOp {
  kAdd = 0,
  kSub = 1,
  kMul = 2,
  kDiv = 3,
  kMax = 4,
  kMin = 5,
  kSquaredDifference = 6,
};

enum UnaryOp {
  kRelu = 0,
  kRelu6 = 1,
  kLeakyRelu = 2,
  kSigmoid = 3,
  kTanh = 4,
  kExp = 5,
  kLog = 6,
  kSqrt = 7,
  kRsqrt = 8,
  kSquare = 9,
  kNeg = 10,
  kAbs = 11,
  kElu = 12,
  kSoftplus = 13,
  kStep = 14,
  kReciprocal = 15,
  kLog1p = 16,
  kUnaryOpCount = 17,
};

enum CompareOp {
  kGreater = 0,
  kGreaterEqual = 1,
  kLess = 2,
  kLessEqual = 3,
  kEqual = 4,
  kNotEqual = 5,
};

enum ReduceOp { kSum = 0, kMean = 1, kMaxReduce = 2, kMinReduce = 3, kReduceOpCount = 4 };

void binaryF32(int op, const float* a, int aMode, const float* b, int bMode, float* out,
               int64_t rows, int64_t k);
void unaryF32(int op, const float* x, float* out, int64_t n, float alpha);
// out[o·inner + i] = reduce_m x[(o·mid + m)·inner + i]
void reduceF32(int op, const float* x, float* out, int64_t outer, int64_t mid, int64_t inner);

// out[i] = a[i] <op> b[i] as 0/1 bytes, operands read as in binaryF32.
void compareF32(int op, const float* a, int aMode, const float* b, int bMode, uint8_t* out,
                int64_t rows, int64_t k);
// out[i] = cond[i] ? t[i] : e[i]
void selectF32(const uint8_t* cond, const float* t, const float* e, float* out, int64_t n);
// out = tile(x, reps); shapes of `rank` dims.
void tileF32(const float* x, const int32_t* xShape, const int32_t* reps, int rank, float* out);
// y[r][c] = (x[r][c] − mean[c]) · scale[c] / √(var[c] + ε) + offset[c]
void batchNormF32(const float* x, const float* mean, const float* var, const float* scale,
                  const float* offset, float* y, int64_t rows, int64_t channels, float eps);

// binary(op, a, aMode, b, bMode, out, rows, k)
napi_value Binary(napi_env env, napi_callback_info info);
// unary(op, x, out, n, alpha)
napi_value Unary(napi_env env, napi_callback_info info);
// reduce(op, x, out, outer, mid, inner)
napi_value Reduce(napi_env env, napi_callback_info info);
// compare(op, a, aMode, b, bMode, out: Uint8Array, rows, k)
napi_value Compare(napi_env env, napi_callback_info info);
// select(cond: Uint8Array, t, e, out, n)
napi_value Select(napi_env env, napi_callback_info info);
// tile(x, xShape: Int32Array, reps: Int32Array, out)
napi_value Tile(napi_env env, napi_callback_info info);
// batchNorm(x, mean, variance, scale?, offset?, out, rows, channels, epsilon)
napi_value BatchNorm(napi_env env, napi_callback_info info);

}  // namespace gantry

// The op codes shared by the compute kernels and the TypeScript kernels. Each table is an
// X-macro: the enum below and the name → code objects the addon exports (`addon.ops`, see
// napi/binding.cc) both come from it, so the TypeScript side looks codes up by name instead of
// copying numbers. Names are tfjs kernel names (activations: tfjs's fused activation names).
#pragma once

#define GANTRY_BINARY_OPS(X) \
  X(Add) X(Sub) X(Multiply) X(RealDiv) X(Maximum) X(Minimum) X(SquaredDifference) X(Pow)

#define GANTRY_UNARY_OPS(X)                                                                    \
  X(Relu) X(Relu6) X(LeakyRelu) X(Sigmoid) X(Tanh) X(Exp) X(Log) X(Sqrt) X(Rsqrt) X(Square) \
  X(Neg) X(Abs) X(Elu) X(Softplus) X(Step) X(Reciprocal) X(Log1p)

#define GANTRY_COMPARE_OPS(X) X(Greater) X(GreaterEqual) X(Less) X(LessEqual) X(Equal) X(NotEqual)

#define GANTRY_REDUCE_OPS(X) X(Sum) X(Mean) X(Max) X(Min)

// How an operand of a binary op is read at output index r·k + j (the output is rows × k):
// same: operand[r·k + j]; scalar: operand[0]; row: operand[j] (a suffix of the output's shape,
// e.g. a bias); col: operand[r] (a prefix of the output's shape, then ones).
#define GANTRY_OPERAND_MODES(X) X(same) X(scalar) X(row) X(col)

// Epilogue of fused matmul/conv: how the bias adds onto y [rows × cols], then the activation.
#define GANTRY_BIAS_MODES(X) X(none) X(perColumn) X(scalar) X(full)
#define GANTRY_ACTIVATIONS(X) X(linear) X(relu) X(relu6) X(leakyrelu) X(sigmoid) X(elu)

// The fused optimizer updates (compute/optimizer.cc; @gantry/core's OPTIMIZER_UPDATE_KERNEL).
#define GANTRY_OPTIMIZERS(X) X(sgd) X(adam) X(rmsprop)

namespace gantry {

#define GANTRY_ENUM(prefix, table)        \
  enum prefix##Code {                     \
    table(GANTRY_ENUM_ITEM_##prefix)      \
    k##prefix##Count                      \
  };

#define GANTRY_ENUM_ITEM_Binary(name) kBinary_##name,
#define GANTRY_ENUM_ITEM_Unary(name) kUnary_##name,
#define GANTRY_ENUM_ITEM_Compare(name) kCompare_##name,
#define GANTRY_ENUM_ITEM_Reduce(name) kReduce_##name,
#define GANTRY_ENUM_ITEM_Operand(name) kOperand_##name,
#define GANTRY_ENUM_ITEM_Bias(name) kBias_##name,
#define GANTRY_ENUM_ITEM_Activation(name) kActivation_##name,
#define GANTRY_ENUM_ITEM_Optimizer(name) kOptimizer_##name,

GANTRY_ENUM(Binary, GANTRY_BINARY_OPS)
GANTRY_ENUM(Unary, GANTRY_UNARY_OPS)
GANTRY_ENUM(Compare, GANTRY_COMPARE_OPS)
GANTRY_ENUM(Reduce, GANTRY_REDUCE_OPS)
GANTRY_ENUM(Operand, GANTRY_OPERAND_MODES)
GANTRY_ENUM(Bias, GANTRY_BIAS_MODES)
GANTRY_ENUM(Activation, GANTRY_ACTIVATIONS)
GANTRY_ENUM(Optimizer, GANTRY_OPTIMIZERS)

#undef GANTRY_ENUM

}  // namespace gantry

// optimizerUpdate(kind, x, g, s0, s1 | null, c, xo, s0o, s1o | null, n): the fused optimizer
// update of compute/optimizer.cc on n parameters (s1, s1o: Adam's second slot only).
#include <node_api.h>

#include "../compute/kernels.h"
#include "../compute/ops.h"
#include "napi_util.h"

namespace gantry {

napi_value OptimizerUpdate(napi_env env, napi_callback_info info) {
  Call c(env, info, "optimizerUpdate");
  const int64_t kind = c.integer(0), n = c.integer(9);
  if (!c.ok()) return nullptr;
  if (kind < 0 || kind >= kOptimizerCount || n < 0) {
    c.fail("bad optimizer or size");
    return nullptr;
  }
  const bool adam = kind == kOptimizer_adam;
  const float* x = c.f32(1, n);
  const float* g = c.f32(2, n);
  const float* s0 = c.f32(3, n);
  const float* s1 = adam ? c.f32(4, n) : nullptr;
  const float* constants = c.f32(5, adam ? 7 : kind == kOptimizer_sgd ? 2 : 4);
  float* xo = c.f32(6, n);
  float* s0o = c.f32(7, n);
  float* s1o = adam ? c.f32(8, n) : nullptr;
  if (!c.ok()) return nullptr;
  optimizerUpdate(static_cast<int>(kind), x, g, s0, s1, constants, xo, s0o, s1o, n);
  return c.undefined();
}

}  // namespace gantry

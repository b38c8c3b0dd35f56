// The fused optimizer updates (one pass over θ, g and the slots), compiled once per ISA
// (isa_begin.h). Each line is the op-by-op update of @gantry/trainer's optimizers, one float32
// rounding per op in the same order (binding.gyp: -ffp-contract=off), so the fused update gives
// the same bits as the separate Multiply/Add/Sqrt/RealDiv kernels.
#include <cmath>
#include <cstdint>

#include "kernels.h"
#include "ops.h"

#include "isa_begin.h"

namespace {

// Each update in its own loop with restrict-qualified pointers: the outputs are fresh buffers,
// never an input, and saying so lets the compiler vectorise. Without it GCC must check every
// output against every input at run time; Adam's 3 outputs × 7 arrays exceed its limit of such
// checks (vect-max-version-for-alias-checks), so its loop stayed scalar, ~10× slower than
// RMSProp's per parameter.

void sgdLoop(const float* __restrict x, const float* __restrict g, const float* __restrict s0,
             float mu, float lr, float* __restrict xo, float* __restrict s0o, int64_t i0,
             int64_t i1) {
  for (int64_t i = i0; i < i1; i++) {
    const float v = s0[i] * mu - g[i] * lr;  // v ← μv − ηg
    s0o[i] = v;
    xo[i] = x[i] + v;  // θ ← θ + v
  }
}

void adamLoop(const float* __restrict x, const float* __restrict g, const float* __restrict s0,
              const float* __restrict s1, const float* c, float* __restrict xo,
              float* __restrict s0o, float* __restrict s1o, int64_t i0, int64_t i1) {
  const float b1 = c[0], b1c = c[1], b2 = c[2], b2c = c[3], lrFix = c[4], fix2 = c[5];
  const float eps = c[6];
  for (int64_t i = i0; i < i1; i++) {
    const float gi = g[i];
    const float m = s0[i] * b1 + gi * b1c;         // m ← β₁m + (1−β₁)g
    const float v = s1[i] * b2 + (gi * gi) * b2c;  // v ← β₂v + (1−β₂)g²
    s0o[i] = m;
    s1o[i] = v;
    xo[i] = x[i] - (m * lrFix) / (std::sqrt(v / fix2) + eps);
  }
}

void rmspropLoop(const float* __restrict x, const float* __restrict g,
                 const float* __restrict s0, const float* c, float* __restrict xo,
                 float* __restrict s0o, int64_t i0, int64_t i1) {
  const float a = c[0], ac = c[1], lr = c[2], eps = c[3];
  for (int64_t i = i0; i < i1; i++) {
    const float gi = g[i];
    const float s = s0[i] * a + (gi * gi) * ac;  // s ← αs + (1−α)g²
    s0o[i] = s;
    xo[i] = x[i] - (gi * lr) / (std::sqrt(s) + eps);
  }
}

}  // namespace

// c: sgd {μ, η}; adam {β₁, 1−β₁, β₂, 1−β₂, η/(1−β₁ᵗ), 1−β₂ᵗ, ε}; rmsprop {α, 1−α, η, ε}.
void optimizerKernel(int kind, const float* x, const float* g, const float* s0, const float* s1,
                     const float* c, float* xo, float* s0o, float* s1o, int64_t i0, int64_t i1) {
  if (kind == kOptimizer_sgd) {
    sgdLoop(x, g, s0, c[0], c[1], xo, s0o, i0, i1);
  } else if (kind == kOptimizer_adam) {
    adamLoop(x, g, s0, s1, c, xo, s0o, s1o, i0, i1);
  } else {
    rmspropLoop(x, g, s0, c, xo, s0o, i0, i1);
  }
}

#include "isa_end.h"

// Picks the kernels of the best instruction set this CPU (and its OS) supports, once, at the
// first call: AVX-512 (F, BW, DQ, VL), else AVX2 + FMA, else baseline x86-64. Nothing in the
// addon is compiled for more than baseline outside those kernels, so it runs on any x86-64
// CPU. GANTRY_NATIVE_ISA=baseline|avx2|avx512 caps the choice (for tests and comparisons).
#include <cstdlib>
#include <cstring>

#include "kernels.h"

namespace gantry {
namespace {

int rank(const char* isa) {
  if (isa == nullptr) return 99;
  if (std::strcmp(isa, "baseline") == 0) return 0;
  if (std::strcmp(isa, "avx2") == 0) return 1;
  if (std::strcmp(isa, "avx512") == 0) return 2;
  return 99;
}

const KernelTable* choose() {
  const int cap = rank(std::getenv("GANTRY_NATIVE_ISA"));
#if defined(GANTRY_HAVE_X86_ISAS) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (cap >= 2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    return isa_avx512::table();
  }
  if (cap >= 1 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    return isa_avx2::table();
  }
#else
  (void)cap;
#endif
  return isa_baseline::table();
}

}  // namespace

const KernelTable& kernels() {
  static const KernelTable* chosen = choose();
  return *chosen;
}

}  // namespace gantry

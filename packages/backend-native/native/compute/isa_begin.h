// Opens the instruction-set region of a kernel source compiled once per ISA (binding.gyp's
// kernels_* targets define GANTRY_ISA): everything up to isa_end.h is compiled for that ISA and
// lives in its own namespace (gantry::isa_baseline, isa_avx2, isa_avx512), so no function of
// one ISA can be merged with, or called instead of, another's. Standard-library templates are
// included BEFORE this header, so they stay baseline code that any CPU runs.
#if !defined(GANTRY_ISA)
#error "define GANTRY_ISA (baseline, avx2 or avx512)"
#endif
#define GANTRY_ISA_baseline 1
#define GANTRY_ISA_avx2 2
#define GANTRY_ISA_avx512 3
#define GANTRY_ISA_CAT2(a, b) a##b
#define GANTRY_ISA_CAT(a, b) GANTRY_ISA_CAT2(a, b)
#define GANTRY_ISA_ID GANTRY_ISA_CAT(GANTRY_ISA_, GANTRY_ISA)
#define GANTRY_ISA_NS GANTRY_ISA_CAT(isa_, GANTRY_ISA)

#if GANTRY_ISA_ID == GANTRY_ISA_avx2
#define GANTRY_ISA_TARGET "avx2,fma"
#elif GANTRY_ISA_ID == GANTRY_ISA_avx512
#define GANTRY_ISA_TARGET "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma"
#endif

#if defined(GANTRY_ISA_TARGET)
#define GANTRY_ISA_STR2(x) #x
#define GANTRY_ISA_STR(x) GANTRY_ISA_STR2(x)
#if defined(__clang__)
_Pragma(GANTRY_ISA_STR(
    clang attribute push(__attribute__((target(GANTRY_ISA_TARGET))), apply_to = function)))
#elif defined(__GNUC__)
#pragma GCC push_options
_Pragma(GANTRY_ISA_STR(GCC target(GANTRY_ISA_TARGET)))
#endif
#endif

namespace gantry {
namespace GANTRY_ISA_NS {

// GEMM: OpenBLAS when its shared library is found at run time (dlopen of libopenblas.so.0 —
// nothing is linked at build time, so one binary serves machines with and without it), else
// the built-in GEMM of gemm_builtin.cc. OpenBLAS is set to one thread and called from the
// threads of our pool, each on its own block of C, so the two never oversubscribe the cores;
// blocks split M or N only (never K), so every entry of C sums in the same order whatever the
// thread count.
//   GANTRY_NATIVE_BLAS unset or `openblas`: try libopenblas.so.0, libopenblas.so (and the
//   macOS names); `builtin`: never load a library; anything else: the path or name of a
//   library exporting cblas_sgemm.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "dlopen.h"
#include "kernels.h"
#include "pool.h"

namespace gantry {
namespace {

using SgemmFn = void (*)(int, int, int, int, int, int, float, const float*, int, const float*,
                         int, float, float*, int);
using SetThreadsFn = void (*)(int);
using GetStringFn = char* (*)();

constexpr int kRowMajor = 101, kNoTrans = 111, kTrans = 112;
// Multiply-adds below which a GEMM stays on one thread (≈ 10 µs of OpenBLAS on one core).
constexpr int64_t kMinMacsPerPart = int64_t{1} << 19;

struct Blas {
  SgemmFn sgemm = nullptr;
  std::string name;
  std::string kind = "builtin";
};

// "OpenBLAS 0.3.21" from "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
std::string firstTwoWords(const char* text) {
  const std::string s(text ? text : "");
  const size_t first = s.find(' ');
  const size_t second = first == std::string::npos ? first : s.find(' ', first + 1);
  return second == std::string::npos ? s : s.substr(0, second);
}

Blas load() {
  Blas b;
  const char* pref = std::getenv("GANTRY_NATIVE_BLAS");
  const std::string want = pref ? pref : "";
  if (want == "builtin" || want == "none") {
    b.name = "built-in GEMM (GANTRY_NATIVE_BLAS=builtin)";
    return b;
  }
#if defined(_WIN32)
  b.name = "built-in GEMM (OpenBLAS is not looked for on Windows)";
  return b;
#else
  const char* defaults[] = {"libopenblas.so.0",
                            "libopenblas.so",
                            "libopenblas.0.dylib",
                            "libopenblas.dylib",
                            "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
                            "/usr/local/opt/openblas/lib/libopenblas.dylib"};
  const bool custom = !want.empty() && want != "openblas";
  const int count = custom ? 1 : static_cast<int>(sizeof(defaults) / sizeof(defaults[0]));
  for (int i = 0; i < count; i++) {
    const char* file = custom ? want.c_str() : defaults[i];
    void* h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) continue;
    auto sgemm = reinterpret_cast<SgemmFn>(dlsym(h, "cblas_sgemm"));
    if (sgemm == nullptr) {
      dlclose(h);
      continue;
    }
    b.sgemm = sgemm;
    // One thread per call: the parallelism is ours (see the top of this file).
    if (auto set = reinterpret_cast<SetThreadsFn>(dlsym(h, "openblas_set_num_threads"))) set(1);
    auto config = reinterpret_cast<GetStringFn>(dlsym(h, "openblas_get_config"));
    auto core = reinterpret_cast<GetStringFn>(dlsym(h, "openblas_get_corename"));
    if (config != nullptr) {
      b.kind = "openblas";
      b.name = firstTwoWords(config());
      if (core != nullptr) b.name += std::string(" (") + core() + ")";
    } else {
      b.kind = "cblas";
      b.name = std::string("CBLAS ") + file;
    }
    return b;
  }
  b.name = custom ? "built-in GEMM (" + want + " has no cblas_sgemm or did not load)"
                  : "built-in GEMM (no libopenblas.so.0 found; Debian/Ubuntu: apt-get install "
                    "libopenblas0)";
  return b;
#endif
}

const Blas& blas() {
  static const Blas b = load();
  return b;
}

void gemmSerial(bool tA, bool tB, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda,
                const float* B, int64_t ldb, float* C, int64_t ldc, float beta) {
  if (const SgemmFn sgemm = blas().sgemm) {
    sgemm(kRowMajor, tA ? kTrans : kNoTrans, tB ? kTrans : kNoTrans, static_cast<int>(M),
          static_cast<int>(N), static_cast<int>(K), 1.0f, A, static_cast<int>(lda), B,
          static_cast<int>(ldb), beta, C, static_cast<int>(ldc));
  } else {
    kernels().gemm(tA, tB, M, N, K, A, lda, B, ldb, C, ldc, beta);
  }
}

// Boundary t of `parts` over n, on a multiple of `align` (the last one is n).
int64_t boundary(int64_t n, int t, int parts, int64_t align) {
  if (t >= parts) return n;
  const int64_t raw = n * t / parts;
  return std::min(n, (raw + align / 2) / align * align);
}

}  // namespace

const char* blasName() { return blas().name.c_str(); }
const char* blasKind() { return blas().kind.c_str(); }

void gemm(bool tA, bool tB, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda,
          const float* B, int64_t ldb, float* C, int64_t ldc, float beta, bool parallel) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    for (int64_t i = 0; i < M; i++) {
      float* c = C + i * ldc;
      for (int64_t j = 0; j < N; j++) c[j] = beta == 0.0f ? 0.0f : c[j] * beta;
    }
    return;
  }
  const bool splitN = N >= M;
  const int64_t along = splitN ? N : M;
  const int64_t align = splitN ? 16 : 8;
  int parts = parallel ? partsFor(M * N * K, kMinMacsPerPart) : 1;
  parts = static_cast<int>(std::min<int64_t>(parts, std::max<int64_t>(1, along / align)));
  if (parts <= 1) {
    gemmSerial(tA, tB, M, N, K, A, lda, B, ldb, C, ldc, beta);
    return;
  }
  parallelParts(parts, [&](int t, int T) {
    const int64_t p0 = boundary(along, t, T, align);
    const int64_t p1 = boundary(along, t + 1, T, align);
    if (p1 <= p0) return;
    if (splitN) {
      const float* b = tB ? B + p0 * ldb : B + p0;
      gemmSerial(tA, tB, M, p1 - p0, K, A, lda, b, ldb, C + p0, ldc, beta);
    } else {
      const float* a = tA ? A + p0 : A + p0 * lda;
      gemmSerial(tA, tB, p1 - p0, N, K, a, lda, B, ldb, C + p0 * ldc, ldc, beta);
    }
  });
}

void batchMatmul(bool tA, bool tB, int64_t batch, int64_t M, int64_t N, int64_t K,
                 const float* a, int64_t aStride, const int32_t* aOffsets, const float* b,
                 int64_t bStride, const int32_t* bOffsets, float* out) {
  const int64_t lda = tA ? M : K, ldb = tB ? K : N;
  auto one = [&](int64_t i, bool parallel) {
    const int64_t ao = aOffsets ? aOffsets[i] : i * aStride;
    const int64_t bo = bOffsets ? bOffsets[i] : i * bStride;
    gemm(tA, tB, M, N, K, a + ao, lda, b + bo, ldb, out + i * M * N, N, 0.0f, parallel);
  };
  // Many matrices: one thread per group of matrices; few large ones: split each.
  const int byMatrix = partsFor(batch * M * N * std::max<int64_t>(K, 1), kMinMacsPerPart);
  if (batch > 1 && batch >= byMatrix) {
    parallelFor(batch, std::max<int64_t>(1, batch / std::max(1, byMatrix)),
                [&](int64_t i0, int64_t i1) {
                  for (int64_t i = i0; i < i1; i++) one(i, false);
                });
    return;
  }
  for (int64_t i = 0; i < batch; i++) one(i, true);
}

}  // namespace gantry

// The one thread pool of the addon: every parallel kernel (GEMM included: OpenBLAS is called
// with one thread per call, from these threads) runs on it, so the addon never has more
// runnable threads than the thread count. Work is split statically: part t of T always covers
// the same range, so results depend only on the sizes and the thread count.
#pragma once
#include <cstdint>

namespace gantry {

// A job part: run(ctx, part, parts).
using PoolFn = void (*)(void* ctx, int part, int parts);

// Runs fn(ctx, t, parts) for t in [0, parts) — part 0 on the calling thread, each other part on
// whichever thread claims it first (a worker, or the caller once its own part is done, so a
// worker slow to wake costs nothing) — and returns when all are done. parts ≤ poolThreads(). Called from inside a
// part (nested), it runs every part on the calling thread.
void poolRun(int parts, PoolFn fn, void* ctx);

// Threads in use (the calling thread included); resizes the pool. Returns the count in effect.
int setPoolThreads(int threads);
int poolThreads();

// Scale of the minimum work per thread below which a kernel stays on one thread (default 1;
// 0 splits any work that has at least one item per thread: for tests of the split paths).
void setParallelScale(double scale);
double parallelScale();

// How many parts to split n items into when each part should have at least `minItems` items.
int partsFor(int64_t n, int64_t minItems);

// fn(begin, end) over [0, n) split into partsFor(n, minItems) contiguous ranges.
template <typename F>
void parallelFor(int64_t n, int64_t minItems, const F& fn) {
  const int parts = partsFor(n, minItems);
  if (parts <= 1) {
    if (n > 0) fn(int64_t{0}, n);
    return;
  }
  struct Ctx {
    const F* fn;
    int64_t n;
  } ctx{&fn, n};
  poolRun(
      parts,
      [](void* p, int t, int T) {
        const Ctx& c = *static_cast<Ctx*>(p);
        const int64_t begin = c.n * t / T;
        const int64_t end = c.n * (t + 1) / T;
        if (end > begin) (*c.fn)(begin, end);
      },
      &ctx);
}

// fn(part, parts) on `parts` threads (parts ≤ poolThreads()).
template <typename F>
void parallelParts(int parts, const F& fn) {
  if (parts <= 1) {
    fn(0, 1);
    return;
  }
  poolRun(
      parts, [](void* p, int t, int T) { (*static_cast<const F*>(p))(t, T); },
      const_cast<F*>(&fn));
}

}  // namespace gantry

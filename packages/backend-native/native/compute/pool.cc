// The thread pool: workers spin briefly after each job (kernels of a training step follow each
// other within microseconds), then sleep on a condition variable.
#include "pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define GANTRY_PAUSE() _mm_pause()
#else
#define GANTRY_PAUSE() std::this_thread::yield()
#endif

namespace gantry {
namespace {

// How long an idle worker polls for the next job before it sleeps.
constexpr auto kSpin = std::chrono::microseconds(200);

thread_local bool tInsidePart = false;

class Pool {
 public:
  ~Pool() { resize(1); }

  int threads() const { return threads_; }

  int resize(int threads) {
    threads = std::max(1, std::min(threads, 1024));
    if (threads == threads_) return threads_;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
    stop_ = false;
    threads_ = threads;
    // A worker starts from the job word as it is now: a job posted before the thread first
    // runs is then still new to it.
    const uint64_t now = job_.load(std::memory_order_acquire);
    for (int i = 1; i < threads; i++) workers_.emplace_back([this, i, now] { loop(i, now); });
    return threads_;
  }

  void run(int parts, PoolFn fn, void* ctx) {
    parts = std::min(parts, threads_);
    if (parts <= 1 || tInsidePart) {
      const bool outer = tInsidePart;
      tInsidePart = true;
      for (int t = 0; t < parts; t++) fn(ctx, t, parts);
      tInsidePart = outer;
      return;
    }
    fn_ = fn;
    ctx_ = ctx;
    pending_.store(parts - 1, std::memory_order_relaxed);
    // The counter and the part count in one word: a worker that is not part of this job reads
    // nothing else, so it may lag behind without ever running a job twice.
    const uint64_t counter = (job_.load(std::memory_order_relaxed) >> 16) + 1;
    job_.store((counter << 16) | static_cast<uint64_t>(parts), std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      cv_.notify_all();
    }
    tInsidePart = true;
    fn(ctx, 0, parts);
    tInsidePart = false;
    for (int spins = 0; pending_.load(std::memory_order_acquire) > 0; spins++) {
      if (spins < 4096) {
        GANTRY_PAUSE();
      } else {
        std::this_thread::yield();
      }
    }
  }

 private:
  void loop(int index, uint64_t seen) {
    tInsidePart = true;
    for (;;) {
      uint64_t now = job_.load(std::memory_order_acquire);
      if (now == seen) {
        const auto until = std::chrono::steady_clock::now() + kSpin;
        for (int i = 0; now == seen && !stop_.load(std::memory_order_relaxed); i++) {
          GANTRY_PAUSE();
          if ((i & 63) == 63 && std::chrono::steady_clock::now() > until) break;
          now = job_.load(std::memory_order_acquire);
        }
      }
      if (now == seen) {
        std::unique_lock<std::mutex> lock(mutex_);
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        cv_.wait(lock, [&] {
          return stop_.load() || job_.load(std::memory_order_seq_cst) != seen;
        });
        sleepers_.fetch_sub(1, std::memory_order_seq_cst);
        if (stop_.load()) return;
        now = job_.load(std::memory_order_acquire);
      }
      if (stop_.load()) return;
      seen = now;
      const int parts = static_cast<int>(now & 0xffff);
      if (index < parts) {
        fn_(ctx_, index, parts);
        pending_.fetch_sub(1, std::memory_order_acq_rel);
      }
    }
  }

  int threads_ = 1;
  std::vector<std::thread> workers_;
  std::atomic<uint64_t> job_{0};  // (job counter << 16) | parts
  std::atomic<int> pending_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
  // The current job (written before job_ changes, read by its parts after they see it).
  PoolFn fn_ = nullptr;
  void* ctx_ = nullptr;
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: workers may outlive static destruction
  return *p;
}

double gScale = 1.0;

}  // namespace

void poolRun(int parts, PoolFn fn, void* ctx) { pool().run(parts, fn, ctx); }
int setPoolThreads(int threads) { return pool().resize(threads); }
int poolThreads() { return pool().threads(); }
void setParallelScale(double scale) { gScale = scale < 0 ? 0 : scale; }
double parallelScale() { return gScale; }

int partsFor(int64_t n, int64_t minItems) {
  const int threads = pool().threads();
  if (threads <= 1 || n <= 1 || tInsidePart) return 1;
  const int64_t min = std::max<int64_t>(1, static_cast<int64_t>(static_cast<double>(minItems) * gScale));
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, n / min)));
}

}  // namespace gantry

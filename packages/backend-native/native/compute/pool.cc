// The thread pool: workers spin briefly after each job (kernels of a training step follow each
// other within microseconds), then sleep on a futex (Linux; a condition variable elsewhere). The
// futex keeps the binary off libstdc++'s newest condition_variable symbols, so the prebuilt
// addon also loads with older libstdc++ versions.
#include "pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#endif

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

// Sleep until `word` is no longer `seen` (or spuriously); wake every sleeper of `word`.
class Waiter {
 public:
#if defined(__linux__)
  void wait(uint32_t seen) {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word_), FUTEX_WAIT_PRIVATE, seen, nullptr,
            nullptr, 0);
  }
  void wakeAll() {
    word_.fetch_add(1, std::memory_order_seq_cst);
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word_), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr,
            nullptr, 0);
  }
#else
  void wait(uint32_t seen) {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return word_.load() != seen; });
  }
  void wakeAll() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      word_.fetch_add(1, std::memory_order_seq_cst);
    }
    cv_.notify_all();
  }
#endif
  uint32_t word() const { return word_.load(std::memory_order_seq_cst); }

 private:
  std::atomic<uint32_t> word_{0};
#if !defined(__linux__)
  std::mutex mutex_;
  std::condition_variable cv_;
#endif
};

class Pool {
 public:
  ~Pool() { resize(1); }

  int threads() const { return threads_; }

  int resize(int threads) {
    threads = std::max(1, std::min(threads, 1024));
    if (threads == threads_) return threads_;
    stop_ = true;
    waiter_.wakeAll();
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
    // Parts 1… are claimed from `claim_` by whoever is free first (part 0 is the caller's).
    claim_.store(claimWord(counter, parts, 1), std::memory_order_seq_cst);
    job_.store((counter << 16) | static_cast<uint64_t>(parts), std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) waiter_.wakeAll();
    tInsidePart = true;
    fn(ctx, 0, parts);
    // A worker still waking up (a futex wake-up costs tens of µs, as long as a small kernel)
    // finds its part already done: the caller runs every part nobody has claimed yet.
    runClaimed(counter);
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
        // Sleep unless a job or a stop arrived after the waiter's word was read (a post bumps
        // the word whenever it sees a sleeper, so no wake-up is lost).
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        const uint32_t word = waiter_.word();
        if (!stop_.load() && job_.load(std::memory_order_seq_cst) == seen) waiter_.wait(word);
        sleepers_.fetch_sub(1, std::memory_order_seq_cst);
        if (stop_.load()) return;
        continue;
      }
      if (stop_.load()) return;
      seen = now;
      if (index < static_cast<int>(now & 0xffff)) runClaimed(now >> 16);
    }
  }

  // claim_'s word: the job counter (its low 32 bits), the part count and the next part.
  static uint64_t claimWord(uint64_t counter, int parts, int next) {
    return ((counter & 0xffffffffu) << 32) | (static_cast<uint64_t>(parts) << 16) |
           static_cast<uint64_t>(next);
  }

  // Runs parts of job `counter` claimed from `claim_` until none is left. A claim succeeds only
  // while claim_ still names job `counter` (and carries its part count), and the job cannot
  // change before every claimed part is done (pending_), so fn_ and ctx_ are the claimed job's.
  // Which thread runs a part does not change what it computes: results are the part split's.
  void runClaimed(uint64_t counter) {
    uint64_t c = claim_.load(std::memory_order_acquire);
    for (;;) {
      const int parts = static_cast<int>((c >> 16) & 0xffff);
      const int next = static_cast<int>(c & 0xffff);
      if ((c >> 32) != (counter & 0xffffffffu) || next >= parts) return;
      if (!claim_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel)) continue;
      fn_(ctx_, next, parts);
      pending_.fetch_sub(1, std::memory_order_acq_rel);
      c = claim_.load(std::memory_order_acquire);
    }
  }

  int threads_ = 1;
  std::vector<std::thread> workers_;
  std::atomic<uint64_t> job_{0};    // (job counter << 16) | parts
  std::atomic<uint64_t> claim_{0};  // claimWord(job counter, parts, next part to claim)
  std::atomic<int> pending_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<bool> stop_{false};
  Waiter waiter_;
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

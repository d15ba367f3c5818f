#include "psi/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace cleanroom::psi {
namespace {

// Every index in [0, n) is visited exactly once, in slices no larger than the grain (or the
// whole range when it runs on one thread), whatever the thread count.
TEST(ParallelFor, CoversTheRangeExactlyOnce) {
  for (size_t n :
       {size_t{0}, size_t{1}, size_t{63}, size_t{64}, size_t{511}, size_t{513}, size_t{100000}}) {
    for (int threads : {0, 1, 2, 3, 8}) {
      std::vector<std::atomic<int>> hits(n);
      std::atomic<size_t> slices{0};
      ParallelFor(n, threads, [&](size_t b, size_t e) {
        ASSERT_LE(b, e);
        ASSERT_LE(e, n);
        if (threads > 1 && n >= 64) {
          ASSERT_LE(e - b, kParallelGrain);
        }
        for (size_t i = b; i < e; ++i) hits[i].fetch_add(1);
        slices.fetch_add(1);
      });
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1) << "n=" << n << " i=" << i;
      const size_t expected_slices =
          (threads > 1 && n >= 64) ? (n + kParallelGrain - 1) / kParallelGrain : 1;
      EXPECT_EQ(slices.load(), expected_slices) << "n=" << n << " threads=" << threads;
    }
  }
}

// With several threads the work is shared: while one thread is held up in its first slice,
// another takes the remaining ones.
TEST(ParallelFor, AHeldUpThreadDoesNotHoldUpTheBatch) {
  std::mutex mu;
  std::set<std::thread::id> seen;
  std::atomic<bool> first{true};
  std::atomic<size_t> done_elsewhere{0};
  const size_t slices = 64;
  ParallelFor(slices * kParallelGrain, 2, [&](size_t, size_t) {
    if (first.exchange(false)) {
      // Wait (up to 20 s, for slow sanitizer runs) until the other thread has taken every
      // other slice.
      for (int i = 0; i < 20000 && done_elsewhere.load() < slices - 1; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    } else {
      done_elsewhere.fetch_add(1);
    }
    std::lock_guard<std::mutex> lock(mu);
    seen.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(done_elsewhere.load(), slices - 1);
  EXPECT_EQ(seen.size(), 2u);
}

}  // namespace
}  // namespace cleanroom::psi

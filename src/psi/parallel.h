// ParallelFor: runs fn(begin, end) over disjoint slices covering [0, n) on `threads` threads
// (the caller's thread is one of them). For batches of independent, equally costly group or
// Paillier operations. The slices are taken in turn from a shared counter, so a thread the
// host slows down (or that shares its core with the other party's threads) takes fewer of them
// instead of holding up the batch. fn must not throw and must not depend on which thread runs
// a slice.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace cleanroom::psi {

// Items per slice: large enough that per-slice set-up (an OpenSSL key object) is negligible,
// small enough that the last slices even out the threads.
inline constexpr size_t kParallelGrain = 512;

template <typename Fn>
void ParallelFor(size_t n, int threads, Fn&& fn) {
  size_t t = static_cast<size_t>(std::max(1, threads));
  if (n < 64 || t == 1) {
    fn(size_t{0}, n);
    return;
  }
  t = std::min(t, (n + kParallelGrain - 1) / kParallelGrain);
  std::atomic<size_t> next{0};
  auto work = [&fn, &next, n] {
    for (;;) {
      const size_t b = next.fetch_add(kParallelGrain);
      if (b >= n) return;
      fn(b, std::min(n, b + kParallelGrain));
    }
  };
  std::vector<std::thread> workers;
  for (size_t i = 1; i < t; ++i) workers.emplace_back(work);
  work();
  for (auto& w : workers) w.join();
}

}  // namespace cleanroom::psi

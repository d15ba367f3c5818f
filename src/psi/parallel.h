// ParallelFor: splits [0, n) into contiguous slices run on `threads` threads (the caller's
// thread takes the first). For batches of independent, equally costly group operations.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace cleanroom::psi {

// fn(begin, end) for disjoint slices covering [0, n). fn must not throw.
template <typename Fn>
void ParallelFor(size_t n, int threads, Fn&& fn) {
  size_t t = static_cast<size_t>(std::max(1, threads));
  if (n < 64 || t == 1) {
    fn(size_t{0}, n);
    return;
  }
  t = std::min(t, n);
  std::vector<std::thread> workers;
  size_t per = (n + t - 1) / t;
  for (size_t i = 1; i < t; ++i) {
    size_t b = i * per, e = std::min(n, b + per);
    if (b < e) workers.emplace_back([&fn, b, e] { fn(b, e); });
  }
  fn(size_t{0}, std::min(n, per));
  for (auto& w : workers) w.join();
}

}  // namespace cleanroom::psi

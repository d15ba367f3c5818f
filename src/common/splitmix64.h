// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, seeded generator for data that must be
// the same on every run — the demo's and the benchmarks' generated CSVs. Not cryptographic:
// never for keys, nonces, noise or sampling (those come from crypto/csprng.h).
#pragma once

#include <cstdint>

namespace cleanroom {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // In [0, n); 0 when n is 0. Slightly biased for huge n: fine for generated data.
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : Next() % n; }
  // In [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t s_;
};

}  // namespace cleanroom

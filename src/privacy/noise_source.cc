#include "privacy/noise_source.h"

#include <cassert>

#include "crypto/csprng.h"

namespace cleanroom {

uint64_t NoiseSource::UniformBelow(uint64_t bound) {
  assert(bound > 0);
  // Reject the top partial block so every residue is equally likely.
  uint64_t limit = UINT64_MAX - (UINT64_MAX % bound + 1) % bound;
  for (;;) {
    uint64_t v = NextU64();
    if (v <= limit) return v % bound;
  }
}

UInt128 NoiseSource::UniformBelow128(UInt128 bound) {
  assert(bound > 0);
  if (bound <= UINT64_MAX) return UniformBelow(static_cast<uint64_t>(bound));
  const UInt128 max = ~UInt128{0};
  UInt128 limit = max - (max % bound + 1) % bound;
  for (;;) {
    UInt128 v = (static_cast<UInt128>(NextU64()) << 64) | NextU64();
    if (v <= limit) return v % bound;
  }
}

uint64_t CsprngNoiseSource::NextU64() { return RandomU64(); }

namespace {
uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

SeededNoiseSource::SeededNoiseSource(uint64_t seed) {
  for (uint64_t& w : s_) w = SplitMix64(seed);
}

uint64_t SeededNoiseSource::NextU64() {  // xoshiro256** (Blackman and Vigna)
  uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

}  // namespace cleanroom

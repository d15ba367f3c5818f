// NoiseSource: where the privacy layer's random bits come from. Production code
// uses CsprngNoiseSource (the OS CSPRNG, crypto/csprng.h); tests use
// SeededNoiseSource, a deterministic twin (xoshiro256**) so that noisy outputs
// are reproducible. Every uniform draw goes through UniformBelow, which is
// exactly uniform (rejection, no modulo bias). Not thread-safe: one source per
// thread.
#pragma once

#include <array>
#include <cstdint>

namespace cleanroom {

using UInt128 = unsigned __int128;
using Int128 = __int128;

class NoiseSource {
 public:
  virtual ~NoiseSource() = default;
  // 64 uniformly random bits.
  virtual uint64_t NextU64() = 0;
  // Uniform in [0, bound); bound must be > 0.
  uint64_t UniformBelow(uint64_t bound);
  UInt128 UniformBelow128(UInt128 bound);
};

// The production source: every bit from the operating system's CSPRNG.
class CsprngNoiseSource final : public NoiseSource {
 public:
  uint64_t NextU64() override;
};

// The deterministic twin for tests: the same seed gives the same bits. Never
// use it to release anything.
class SeededNoiseSource final : public NoiseSource {
 public:
  explicit SeededNoiseSource(uint64_t seed);
  uint64_t NextU64() override;

 private:
  std::array<uint64_t, 4> s_{};
};

}  // namespace cleanroom

#include "crypto/csprng.h"

#include <cassert>

#include "crypto/sodium_init.h"

namespace cleanroom {

void RandomBytes(std::span<uint8_t> out) {
  EnsureSodium();
  randombytes_buf(out.data(), out.size());
}

Bytes RandomBytes(size_t n) {
  Bytes b(n);
  RandomBytes(std::span<uint8_t>(b));
  return b;
}

uint64_t RandomU64() {
  uint64_t v;
  EnsureSodium();
  randombytes_buf(&v, sizeof v);
  return v;
}

uint64_t RandomUniform(uint64_t bound) {
  assert(bound > 0);
  // Reject the top partial block so every residue is equally likely.
  uint64_t limit = UINT64_MAX - (UINT64_MAX % bound + 1) % bound;
  for (;;) {
    uint64_t v = RandomU64();
    if (v <= limit) return v % bound;
  }
}

}  // namespace cleanroom

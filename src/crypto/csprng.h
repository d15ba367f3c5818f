// Randomness from the operating system's CSPRNG (libsodium randombytes, getrandom(2)).
// The only source of randomness in cleanroom: keys, nonces, salts, DP noise, sampling.
#pragma once

#include <cstdint>
#include <span>

#include "common/bytes.h"

namespace cleanroom {

void RandomBytes(std::span<uint8_t> out);
Bytes RandomBytes(size_t n);
uint64_t RandomU64();
// Uniform in [0, bound), without modulo bias. bound must be > 0.
uint64_t RandomUniform(uint64_t bound);

}  // namespace cleanroom

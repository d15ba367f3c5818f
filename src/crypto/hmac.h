// HMAC-SHA256 (RFC 2104). HmacSha256 is OpenSSL's one-shot HMAC. HmacSha256Key keeps the
// SHA-256 states after the key's inner and outer pad blocks (the precomputation RFC 2104
// §4 describes), so that many short messages (millions of identifiers at prepare) cost two
// SHA-256 compressions each instead of four; the compressions are OpenSSL's SHA-256.
#pragma once

#include <array>
#include <memory>

#include "common/bytes.h"
#include "crypto/secret_bytes.h"

namespace cleanroom {

using HmacDigest = std::array<uint8_t, 32>;

HmacDigest HmacSha256(ByteView key, ByteView message);

class HmacSha256Key {
 public:
  explicit HmacSha256Key(ByteView key);
  ~HmacSha256Key();
  HmacSha256Key(const HmacSha256Key&) = delete;
  HmacSha256Key& operator=(const HmacSha256Key&) = delete;
  HmacSha256Key(HmacSha256Key&&) noexcept;
  HmacSha256Key& operator=(HmacSha256Key&&) noexcept;

  // Thread-safe: the keyed state is only read.
  HmacDigest Compute(ByteView message) const;

 private:
  struct State;
  std::unique_ptr<State> state_;  // keyed state; wiped on destruction
};

}  // namespace cleanroom

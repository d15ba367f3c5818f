// HMAC-SHA256 (RFC 2104). HmacSha256Key keeps the keyed state so that many messages
// (millions of identifiers at prepare) are authenticated without re-keying each time.
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

  HmacDigest Compute(ByteView message) const;

 private:
  struct State;
  std::unique_ptr<State> state_;  // keyed state; wiped on destruction
};

}  // namespace cleanroom

#include "crypto/hmac.h"

#include "crypto/sodium_init.h"

namespace cleanroom {

struct HmacSha256Key::State {
  crypto_auth_hmacsha256_state keyed;
  ~State() { sodium_memzero(&keyed, sizeof keyed); }
};

HmacDigest HmacSha256(ByteView key, ByteView message) {
  return HmacSha256Key(key).Compute(message);
}

HmacSha256Key::HmacSha256Key(ByteView key) : state_(std::make_unique<State>()) {
  EnsureSodium();
  crypto_auth_hmacsha256_init(&state_->keyed, key.data(), key.size());
}

HmacSha256Key::~HmacSha256Key() = default;
HmacSha256Key::HmacSha256Key(HmacSha256Key&&) noexcept = default;
HmacSha256Key& HmacSha256Key::operator=(HmacSha256Key&&) noexcept = default;

HmacDigest HmacSha256Key::Compute(ByteView message) const {
  crypto_auth_hmacsha256_state st = state_->keyed;
  crypto_auth_hmacsha256_update(&st, message.data(), message.size());
  HmacDigest out;
  crypto_auth_hmacsha256_final(&st, out.data());
  sodium_memzero(&st, sizeof st);
  return out;
}

}  // namespace cleanroom

// OpenSSL 3 marks the low-level SHA256_* functions deprecated in favour of EVP, whose
// per-call overhead (context copies through the provider) costs more than the two
// compressions of a short HMAC. They remain OpenSSL's own SHA-256 (same assembly).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "crypto/hmac.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstdlib>

namespace cleanroom {
namespace {

constexpr size_t kBlockSize = 64;  // SHA-256 block size, the HMAC "B" of RFC 2104

}  // namespace

struct HmacSha256Key::State {
  SHA256_CTX inner;  // after absorbing K xor ipad
  SHA256_CTX outer;  // after absorbing K xor opad
  ~State() { OPENSSL_cleanse(this, sizeof *this); }
};

HmacDigest HmacSha256(ByteView key, ByteView message) {
  // OpenSSL refuses a null key pointer even with length 0; an empty key is valid HMAC.
  static const uint8_t kNothing = 0;
  const uint8_t* key_data = key.empty() ? &kNothing : key.data();
  const uint8_t* message_data = message.empty() ? &kNothing : message.data();
  HmacDigest out;
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()), message_data, message.size(),
           out.data(), &len) == nullptr ||
      len != out.size()) {
    std::abort();
  }
  return out;
}

HmacSha256Key::HmacSha256Key(ByteView key) : state_(std::make_unique<State>()) {
  // RFC 2104 §2: a key longer than the block is replaced by its hash; then zero-padded.
  uint8_t block[kBlockSize] = {};
  if (key.size() > kBlockSize) {
    SHA256(key.data(), key.size(), block);
  } else if (!key.empty()) {
    std::copy(key.begin(), key.end(), block);
  }
  uint8_t pad[kBlockSize];
  for (size_t i = 0; i < kBlockSize; ++i) pad[i] = block[i] ^ 0x36;
  SHA256_Init(&state_->inner);
  SHA256_Update(&state_->inner, pad, kBlockSize);
  for (size_t i = 0; i < kBlockSize; ++i) pad[i] = block[i] ^ 0x5c;
  SHA256_Init(&state_->outer);
  SHA256_Update(&state_->outer, pad, kBlockSize);
  OPENSSL_cleanse(block, sizeof block);
  OPENSSL_cleanse(pad, sizeof pad);
}

HmacSha256Key::~HmacSha256Key() = default;
HmacSha256Key::HmacSha256Key(HmacSha256Key&&) noexcept = default;
HmacSha256Key& HmacSha256Key::operator=(HmacSha256Key&&) noexcept = default;

HmacDigest HmacSha256Key::Compute(ByteView message) const {
  struct {
    SHA256_CTX ctx;
    uint8_t inner_hash[SHA256_DIGEST_LENGTH];
  } work;  // wiped in one call at the end
  work.ctx = state_->inner;
  SHA256_Update(&work.ctx, message.data(), message.size());
  SHA256_Final(work.inner_hash, &work.ctx);
  work.ctx = state_->outer;
  SHA256_Update(&work.ctx, work.inner_hash, sizeof work.inner_hash);
  HmacDigest out;
  SHA256_Final(out.data(), &work.ctx);
  OPENSSL_cleanse(&work, sizeof work);
  return out;
}

}  // namespace cleanroom

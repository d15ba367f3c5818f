#include "crypto/ed25519.h"

#include <algorithm>

#include "common/base64.h"
#include "crypto/sodium_init.h"

namespace cleanroom {
namespace {

constexpr std::string_view kPrefix = "ed25519:";

Result<Bytes> DecodeTagged(std::string_view text, size_t want, const char* what) {
  if (text.substr(0, kPrefix.size()) != kPrefix) {
    return MakeError(ErrorCode::kBadInput,
                     std::string(what) + " must start with \"ed25519:\" followed by base64");
  }
  auto decoded = Base64Decode(text.substr(kPrefix.size()));
  if (!decoded.ok()) {
    return MakeError(ErrorCode::kBadInput, std::string(what) + ": " + decoded.error().message);
  }
  if (decoded->size() != want) {
    return MakeError(ErrorCode::kBadInput, std::string(what) + " must be " + std::to_string(want) +
                                               " bytes, found " + std::to_string(decoded->size()));
  }
  return std::move(decoded).value();
}

}  // namespace

std::string Ed25519PublicKey::ToText() const { return std::string(kPrefix) + Base64Encode(bytes); }

Result<Ed25519PublicKey> Ed25519PublicKey::FromText(std::string_view text) {
  CR_ASSIGN_OR_RETURN(Bytes raw, DecodeTagged(text, 32, "an Ed25519 public key"));
  Ed25519PublicKey key;
  std::copy(raw.begin(), raw.end(), key.bytes.begin());
  return key;
}

Ed25519KeyPair Ed25519KeyPair::Generate() {
  EnsureSodium();
  SecretBytes seed(crypto_sign_SEEDBYTES);
  randombytes_buf(seed.data(), seed.size());
  return std::move(FromSeed(seed.view())).value();
}

Result<Ed25519KeyPair> Ed25519KeyPair::FromSeed(ByteView seed) {
  EnsureSodium();
  if (seed.size() != crypto_sign_SEEDBYTES) {
    return MakeError(ErrorCode::kBadInput, "an Ed25519 seed must be 32 bytes");
  }
  Ed25519KeyPair kp;
  kp.seed_ = SecretBytes::CopyOf(seed);
  kp.expanded_ = SecretBytes(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(kp.public_key_.bytes.data(), kp.expanded_.data(), kp.seed_.data());
  return kp;
}

Ed25519Signature Ed25519KeyPair::Sign(ByteView message) const {
  Ed25519Signature sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), expanded_.data());
  return sig;
}

bool Ed25519Verify(const Ed25519PublicKey& key, ByteView message, ByteView signature) {
  EnsureSodium();
  if (signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     key.bytes.data()) == 0;
}

std::string SignatureToText(const Ed25519Signature& sig) {
  return std::string(kPrefix) + Base64Encode(sig);
}

Result<Ed25519Signature> SignatureFromText(std::string_view text) {
  CR_ASSIGN_OR_RETURN(Bytes raw, DecodeTagged(text, 64, "an Ed25519 signature"));
  Ed25519Signature sig;
  std::copy(raw.begin(), raw.end(), sig.begin());
  return sig;
}

}  // namespace cleanroom

// Ed25519 signatures (RFC 8032) through libsodium. Identities, policy signatures,
// attestation reports, results and audit entries are all signed with these.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/secret_bytes.h"

namespace cleanroom {

using Ed25519Signature = std::array<uint8_t, 64>;

struct Ed25519PublicKey {
  std::array<uint8_t, 32> bytes{};
  bool operator==(const Ed25519PublicKey&) const = default;
  // "ed25519:<base64>"
  std::string ToText() const;
  // Parses "ed25519:<base64>" (kBadInput naming what is wrong).
  static Result<Ed25519PublicKey> FromText(std::string_view text);
};

// A signing key: the 32-byte seed of RFC 8032 kept as a secret. Non-copyable.
class Ed25519KeyPair {
 public:
  static Ed25519KeyPair Generate();
  // kBadInput unless `seed` is 32 bytes.
  static Result<Ed25519KeyPair> FromSeed(ByteView seed);

  const Ed25519PublicKey& public_key() const { return public_key_; }
  const SecretBytes& seed() const { return seed_; }
  Ed25519Signature Sign(ByteView message) const;

 private:
  Ed25519KeyPair() = default;
  SecretBytes seed_;
  SecretBytes expanded_;  // libsodium's 64-byte secret key (seed || public key)
  Ed25519PublicKey public_key_;
};

bool Ed25519Verify(const Ed25519PublicKey& key, ByteView message, ByteView signature);

// "ed25519:<base64>" forms of signatures.
std::string SignatureToText(const Ed25519Signature& sig);
Result<Ed25519Signature> SignatureFromText(std::string_view text);

}  // namespace cleanroom

// X25519 sealed boxes (libsodium crypto_box_seal): anonymous public-key encryption.
// A party seals its data key to the attested enclave's public key; only the enclave,
// holding the matching secret key, can open it.
#pragma once

#include <array>
#include <string>

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/secret_bytes.h"

namespace cleanroom {

struct X25519PublicKey {
  std::array<uint8_t, 32> bytes{};
  bool operator==(const X25519PublicKey&) const = default;
  std::string ToText() const;  // "x25519:<base64>"
  static Result<X25519PublicKey> FromText(std::string_view text);
};

class X25519KeyPair {
 public:
  static X25519KeyPair Generate();
  const X25519PublicKey& public_key() const { return public_key_; }
  // Opens a box sealed to this key pair (kIntegrity if it does not open).
  Result<SecretBytes> Open(ByteView sealed) const;

 private:
  X25519KeyPair() = default;
  SecretBytes secret_;
  X25519PublicKey public_key_;
};

Bytes SealTo(const X25519PublicKey& recipient, ByteView plaintext);

}  // namespace cleanroom

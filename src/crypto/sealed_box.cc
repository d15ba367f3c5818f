#include "crypto/sealed_box.h"

#include <algorithm>

#include "common/base64.h"
#include "crypto/sodium_init.h"

namespace cleanroom {
namespace {
constexpr std::string_view kPrefix = "x25519:";
}  // namespace

std::string X25519PublicKey::ToText() const { return std::string(kPrefix) + Base64Encode(bytes); }

Result<X25519PublicKey> X25519PublicKey::FromText(std::string_view text) {
  if (text.substr(0, kPrefix.size()) != kPrefix) {
    return MakeError(ErrorCode::kBadInput, "an X25519 public key must start with \"x25519:\"");
  }
  CR_ASSIGN_OR_RETURN(Bytes raw, Base64Decode(text.substr(kPrefix.size())));
  if (raw.size() != 32) {
    return MakeError(ErrorCode::kBadInput, "an X25519 public key must be 32 bytes");
  }
  X25519PublicKey key;
  std::copy(raw.begin(), raw.end(), key.bytes.begin());
  return key;
}

X25519KeyPair X25519KeyPair::Generate() {
  EnsureSodium();
  X25519KeyPair kp;
  kp.secret_ = SecretBytes(crypto_box_SECRETKEYBYTES);
  crypto_box_keypair(kp.public_key_.bytes.data(), kp.secret_.data());
  return kp;
}

Result<SecretBytes> X25519KeyPair::Open(ByteView sealed) const {
  if (sealed.size() < crypto_box_SEALBYTES) {
    return MakeError(ErrorCode::kIntegrity, "sealed box is too short");
  }
  SecretBytes out(sealed.size() - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(out.data(), sealed.data(), sealed.size(), public_key_.bytes.data(),
                           secret_.data()) != 0) {
    return MakeError(ErrorCode::kIntegrity, "sealed box does not open with this enclave's key");
  }
  return out;
}

Bytes SealTo(const X25519PublicKey& recipient, ByteView plaintext) {
  EnsureSodium();
  Bytes out(plaintext.size() + crypto_box_SEALBYTES);
  crypto_box_seal(out.data(), plaintext.data(), plaintext.size(), recipient.bytes.data());
  return out;
}

}  // namespace cleanroom

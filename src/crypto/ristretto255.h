// ristretto255 (RFC 9496): a prime-order group of order L = 2^252 + 27742...493 built on
// Curve25519, through libsodium. Used by PSI as the group in which identifiers are hashed and
// blinded. Invariant: a RistrettoPoint that a function returns is a canonical, valid encoding
// of a non-identity element; a RistrettoScalar is a secret, non-zero and reduced mod L, wiped
// on destruction and never copied implicitly.
#pragma once

#include <array>
#include <cstdint>

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/secret_bytes.h"

namespace cleanroom {

inline constexpr size_t kRistrettoPointSize = 32;
inline constexpr size_t kRistrettoScalarSize = 32;
inline constexpr size_t kRistrettoHashSize = 64;

using RistrettoPoint = std::array<uint8_t, kRistrettoPointSize>;

class RistrettoScalar {
 public:
  // Uniform in [1, L) from the CSPRNG.
  static RistrettoScalar Random();
  // A canonical little-endian scalar; kBadInput when not 32 bytes, not reduced, or zero.
  static Result<RistrettoScalar> FromBytes(ByteView bytes);

  const SecretBytes& bytes() const { return bytes_; }
  RistrettoScalar Clone() const { return RistrettoScalar(bytes_.Clone()); }

 private:
  explicit RistrettoScalar(SecretBytes b) : bytes_(std::move(b)) {}
  SecretBytes bytes_;
};

// The one-way map of RFC 9496 section 4.3.4 from 64 uniform bytes (e.g. SHA-512 output).
// Never the identity except with negligible probability.
RistrettoPoint RistrettoFromHash(const std::array<uint8_t, kRistrettoHashSize>& hash);

// True when `bytes` is a canonical encoding of a group element (RFC 9496 section 4.3.1).
bool RistrettoIsValid(ByteView bytes);

// k * P. kBadInput when `point` is not a valid encoding or the product is the identity.
Result<RistrettoPoint> RistrettoMul(const RistrettoScalar& k, ByteView point);
// k * B for the generator B. kBadInput when the product is the identity.
Result<RistrettoPoint> RistrettoMulBase(const RistrettoScalar& k);

}  // namespace cleanroom

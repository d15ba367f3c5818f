#include "crypto/ristretto255.h"

#include <sodium.h>

#include "crypto/sodium_init.h"

namespace cleanroom {

RistrettoScalar RistrettoScalar::Random() {
  EnsureSodium();
  SecretBytes b(kRistrettoScalarSize);
  crypto_core_ristretto255_scalar_random(b.data());  // never zero
  return RistrettoScalar(std::move(b));
}

Result<RistrettoScalar> RistrettoScalar::FromBytes(ByteView bytes) {
  EnsureSodium();
  if (bytes.size() != kRistrettoScalarSize) {
    return MakeError(ErrorCode::kBadInput, "a ristretto255 scalar must be 32 bytes");
  }
  // Canonical (< L) iff reducing it leaves it unchanged.
  uint8_t wide[64] = {};
  std::copy(bytes.begin(), bytes.end(), wide);
  SecretBytes reduced(kRistrettoScalarSize);
  crypto_core_ristretto255_scalar_reduce(reduced.data(), wide);
  sodium_memzero(wide, sizeof wide);
  if (sodium_memcmp(reduced.data(), bytes.data(), kRistrettoScalarSize) != 0) {
    return MakeError(ErrorCode::kBadInput, "a ristretto255 scalar must be reduced mod L");
  }
  if (sodium_is_zero(reduced.data(), kRistrettoScalarSize)) {
    return MakeError(ErrorCode::kBadInput, "a ristretto255 scalar must not be zero");
  }
  return RistrettoScalar(std::move(reduced));
}

RistrettoPoint RistrettoFromHash(const std::array<uint8_t, kRistrettoHashSize>& hash) {
  EnsureSodium();
  RistrettoPoint p;
  crypto_core_ristretto255_from_hash(p.data(), hash.data());
  return p;
}

bool RistrettoIsValid(ByteView bytes) {
  EnsureSodium();
  return bytes.size() == kRistrettoPointSize &&
         crypto_core_ristretto255_is_valid_point(bytes.data()) == 1;
}

Result<RistrettoPoint> RistrettoMul(const RistrettoScalar& k, ByteView point) {
  if (point.size() != kRistrettoPointSize) {
    return MakeError(ErrorCode::kBadInput, "a ristretto255 element must be 32 bytes");
  }
  EnsureSodium();
  RistrettoPoint out;
  // libsodium decodes (rejecting non-canonical encodings) and refuses an identity result.
  if (crypto_scalarmult_ristretto255(out.data(), k.bytes().data(), point.data()) != 0) {
    return MakeError(ErrorCode::kBadInput, "not a valid ristretto255 element");
  }
  return out;
}

Result<RistrettoPoint> RistrettoMulBase(const RistrettoScalar& k) {
  EnsureSodium();
  RistrettoPoint out;
  if (crypto_scalarmult_ristretto255_base(out.data(), k.bytes().data()) != 0) {
    return MakeError(ErrorCode::kBadInput, "the product is the identity");
  }
  return out;
}

}  // namespace cleanroom

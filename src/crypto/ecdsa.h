// ECDSA signature verification over NIST P-256 and P-384 through OpenSSL, for attestation
// reports: an SEV-SNP report is signed with P-384/SHA-384 by the VCEK, a TDX quote with
// P-256/SHA-256 by its attestation key and the PCK. The digest follows the curve, as in both
// formats. Verification only: cleanroom signs nothing with ECDSA.
#pragma once

#include <memory>

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/x509.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace cleanroom {

enum class EcCurve { kP256, kP384 };

// Coordinate size in bytes: 32 for P-256, 48 for P-384.
size_t EcCoordinateSize(EcCurve curve);

class EcPublicKey {
 public:
  // From x || y, big-endian, each EcCoordinateSize(curve) bytes (an uncompressed point without
  // its 0x04 prefix, as a TDX quote carries its attestation key). kBadInput when the size is
  // wrong or the point is not on the curve.
  static Result<EcPublicKey> FromRawPoint(EcCurve curve, ByteView xy);
  // The certificate's key; kBadInput unless it is an EC key on P-256 or P-384.
  static Result<EcPublicKey> FromCertificate(const X509Certificate& cert);

  EcCurve curve() const { return curve_; }
  evp_pkey_st* get() const { return key_.get(); }

 private:
  EcPublicKey(std::shared_ptr<evp_pkey_st> key, EcCurve curve)
      : key_(std::move(key)), curve_(curve) {}
  std::shared_ptr<evp_pkey_st> key_;
  EcCurve curve_;
};

// Whether (r, s), unsigned big-endian integers, is a valid signature of `message` under `key`
// with SHA-256 (P-256) or SHA-384 (P-384).
bool EcdsaVerify(const EcPublicKey& key, ByteView message, ByteView r, ByteView s);

}  // namespace cleanroom

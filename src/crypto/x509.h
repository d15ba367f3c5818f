// X.509 certificates through OpenSSL, for the attestation verifiers (AMD's VCEK chain, Intel's
// PCK chain): parse PEM, read names and extensions, check one certificate's signature, and
// verify a chain up to roots the caller pins. Revocation (CRLs) is checked nowhere here: the
// verifiers run offline and say so.
#pragma once

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/sha256.h"

struct x509_st;  // OpenSSL's X509

namespace cleanroom {

class X509Certificate {
 public:
  // Every certificate in `pem`, in order. kBadInput "SOURCE: ..." when there is none or one
  // does not parse; text outside BEGIN/END blocks (and trailing NULs) is ignored.
  static Result<std::vector<X509Certificate>> ParsePemChain(std::string_view pem,
                                                            const std::string& source);
  // Exactly one certificate (kBadInput otherwise).
  static Result<X509Certificate> ParsePem(std::string_view pem, const std::string& source);
  static Result<X509Certificate> ParseDer(ByteView der, const std::string& source);

  Bytes Der() const;
  // SHA-256 of the DER encoding: the fingerprint `openssl x509 -fingerprint -sha256` prints.
  Sha256Digest Fingerprint() const;
  // The subject's and issuer's commonName ("" when absent).
  std::string SubjectCommonName() const;
  std::string IssuerCommonName() const;
  bool IsSelfIssued() const;  // subject name equals issuer name
  // Whether `issuer`'s public key verifies this certificate's signature (the algorithm and its
  // parameters, e.g. RSA-PSS with SHA-384, are the certificate's own).
  bool IsSignedBy(const X509Certificate& issuer) const;
  // "rsassa-pss/sha384", "ecdsa/sha256", "rsa/sha256", ...: the signature scheme and digest.
  std::string SignatureAlgorithm() const;
  bool SamePublicKey(const X509Certificate& other) const;
  // The DER contents of the extension with dotted `oid` (the bytes inside its extnValue OCTET
  // STRING), nullopt when the certificate has none.
  std::optional<Bytes> Extension(const std::string& oid) const;
  // notBefore <= now <= notAfter.
  bool ValidAt(std::time_t now) const;

  x509_st* get() const { return cert_.get(); }

 private:
  explicit X509Certificate(std::shared_ptr<x509_st> cert) : cert_(std::move(cert)) {}
  std::shared_ptr<x509_st> cert_;
};

// Verifies `leaf` through `intermediates` to one of `roots` with OpenSSL's X509_verify_cert
// (signatures, validity dates, CA constraints, path length). Only `roots` are trust anchors: a
// self-signed certificate among `intermediates` counts for nothing. Ok, or kIntegrity with
// OpenSSL's reason and the subject of the certificate it concerns.
Status VerifyCertificateChain(const X509Certificate& leaf,
                              const std::vector<X509Certificate>& intermediates,
                              const std::vector<X509Certificate>& roots);

// A DER INTEGER that fits in 64 bits, unsigned (kBadInput otherwise), and a DER OCTET STRING's
// contents: the forms AMD's VCEK extensions take.
Result<uint64_t> DerUnsignedInteger(ByteView der);
Result<Bytes> DerOctetString(ByteView der);

}  // namespace cleanroom

// Test-only certificate making with OpenSSL: keys, certificates with custom extensions, PEM,
// and ECDSA signatures as raw (r, s). For the made-up AMD and Intel chains that show the
// verifiers refuse what is self-consistent but not pinned. Aborts on any OpenSSL failure
// (that is a broken test environment, not a test result).
#pragma once

#include <openssl/types.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/bytes.h"

namespace cleanroom::testing {

void Must(bool ok);
// Owns `k` (aborts when null).
std::shared_ptr<evp_pkey_st> Key(EVP_PKEY* k);
std::string PemOf(X509* x);

// A certificate "O=org, CN=cn" holding `subject_key`, issued by `issuer` (nullptr: self-issued)
// and signed by `issuer_key` (RSA keys sign with RSA-PSS/SHA-384 as AMD does, EC keys with
// ECDSA/SHA-256 as Intel does); `ca` adds a critical basicConstraints CA:TRUE; `extensions`
// are (dotted OID, DER value) pairs. Valid from a day ago for a year. The caller frees it.
X509* MakeTestCert(const std::string& org, const std::string& cn, X509* issuer,
                   EVP_PKEY* issuer_key, EVP_PKEY* subject_key, bool ca,
                   const std::vector<std::pair<std::string, Bytes>>& extensions);

// ECDSA over `message` with SHA-256 (P-256 keys) or SHA-384 (P-384): r and s big-endian, each
// left-padded to `width` bytes.
std::pair<Bytes, Bytes> EcdsaSignRs(EVP_PKEY* key, ByteView message, size_t width);

}  // namespace cleanroom::testing

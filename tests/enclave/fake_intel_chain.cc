#include "enclave/fake_intel_chain.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <algorithm>

#include "crypto/sha256.h"
#include "enclave/test_certs.h"

namespace cleanroom::testing {
namespace {

const char* kOrg = "Not Intel Corporation (test)";

void AppendU16LE(Bytes& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}
void AppendU32LE(Bytes& out, uint32_t v) {
  for (int s = 0; s < 32; s += 8) out.push_back(static_cast<uint8_t>(v >> s));
}

// x || y of a P-256 key (its uncompressed point without the 0x04 prefix).
Bytes RawPoint(EVP_PKEY* key) {
  uint8_t point[65];
  size_t len = 0;
  Must(EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof point,
                                       &len) == 1 &&
       len == 65);
  return Bytes(point + 1, point + 65);
}

}  // namespace

FakeIntelChain::FakeIntelChain() {
  auto root_key = Key(EVP_EC_gen("P-256"));
  auto ca_key = Key(EVP_EC_gen("P-256"));
  pck_key_ = Key(EVP_EC_gen("P-256"));
  attestation_key_ = Key(EVP_EC_gen("P-256"));
  X509* root =
      MakeTestCert(kOrg, "Intel SGX Root CA", nullptr, root_key.get(), root_key.get(), true, {});
  X509* ca =
      MakeTestCert(kOrg, "Intel SGX PCK Platform CA", root, root_key.get(), ca_key.get(), true, {});
  X509* pck =
      MakeTestCert(kOrg, "Intel SGX PCK Certificate", ca, ca_key.get(), pck_key_.get(), false, {});
  root_pem_ = PemOf(root);
  chain_pem_ = PemOf(pck) + PemOf(ca) + root_pem_;
  X509_free(root);
  X509_free(ca);
  X509_free(pck);
}

Bytes FakeIntelChain::Quote(ByteView signed_part, const TdxQuote& like) const {
  Bytes att = RawPoint(attestation_key_.get());
  // The QE report binds the attestation key: report_data = SHA-256(key || auth data) || 0^32.
  Bytes qe_report = like.qe_report;
  Bytes bound = att;
  Append(bound, like.qe_auth_data);
  Sha256Digest digest = Sha256(ByteView(bound));
  std::copy(digest.begin(), digest.end(), qe_report.begin() + 320);
  std::fill(qe_report.begin() + 352, qe_report.end(), 0);
  auto [qr, qs] = EcdsaSignRs(pck_key_.get(), qe_report, 32);
  auto [r, s] = EcdsaSignRs(attestation_key_.get(), signed_part, 32);

  Bytes cert;  // type 6: QE report certification data
  Append(cert, qe_report);
  Append(cert, qr);
  Append(cert, qs);
  AppendU16LE(cert, static_cast<uint16_t>(like.qe_auth_data.size()));
  Append(cert, like.qe_auth_data);
  AppendU16LE(cert, kCertDataPckChain);
  AppendU32LE(cert, static_cast<uint32_t>(chain_pem_.size()));
  Append(cert, AsBytes(chain_pem_));

  Bytes sig_data;
  Append(sig_data, r);
  Append(sig_data, s);
  Append(sig_data, att);
  AppendU16LE(sig_data, kCertDataQeReport);
  AppendU32LE(sig_data, static_cast<uint32_t>(cert.size()));
  Append(sig_data, cert);

  Bytes quote(signed_part.begin(), signed_part.end());
  AppendU32LE(quote, static_cast<uint32_t>(sig_data.size()));
  Append(quote, sig_data);
  return quote;
}

}  // namespace cleanroom::testing

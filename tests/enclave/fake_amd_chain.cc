#include "enclave/fake_amd_chain.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <algorithm>

#include "enclave/snp_verifier.h"
#include "enclave/test_certs.h"

namespace cleanroom::testing {
namespace {

// DER INTEGER of a small unsigned value.
Bytes DerInteger(uint8_t v) {
  if (v < 0x80) return {0x02, 0x01, v};
  return {0x02, 0x02, 0x00, v};
}

const char* kOrg = "Not Advanced Micro Devices (test)";

}  // namespace

FakeAmdChain::FakeAmdChain(const FakeVcekFields& f) : product_(f.product) {
  auto ark_key = Key(EVP_RSA_gen(2048));
  auto ask_key = Key(EVP_RSA_gen(2048));
  vcek_key_ = Key(EVP_EC_gen("P-384"));
  X509* ark =
      MakeTestCert(kOrg, "ARK-" + f.product, nullptr, ark_key.get(), ark_key.get(), true, {});
  X509* ask = MakeTestCert(kOrg, "SEV-" + f.product, ark, ark_key.get(), ask_key.get(), true, {});
  std::vector<std::pair<std::string, Bytes>> extensions = {
      {kVcekOidBlSpl, DerInteger(f.tcb.bootloader)},
      {kVcekOidTeeSpl, DerInteger(f.tcb.tee)},
      {kVcekOidSnpSpl, DerInteger(f.tcb.snp)},
      {kVcekOidUcodeSpl, DerInteger(f.tcb.microcode)},
      {kVcekOidHwId, f.hwid}};
  if (f.tcb.has_fmc) extensions.push_back({kVcekOidFmcSpl, DerInteger(f.tcb.fmc)});
  X509* vcek =
      MakeTestCert(kOrg, "SEV-VCEK", ask, ask_key.get(), vcek_key_.get(), false, extensions);
  ark_pem_ = PemOf(ark);
  ask_pem_ = PemOf(ask);
  vcek_pem_ = PemOf(vcek);
  X509_free(ark);
  X509_free(ask);
  X509_free(vcek);
}

std::vector<AmdProductRoots> FakeAmdChain::Pinned() const {
  return {{product_, ark_pem_, ask_pem_}};
}

void FakeAmdChain::Sign(Bytes& report) const {
  Must(report.size() == kSnpReportSize);
  auto [r, s] =
      EcdsaSignRs(vcek_key_.get(), ByteView(report).first(kSnpSignedSize), kSnpSignatureComponent);
  // The report stores r and s little-endian.
  std::copy(r.rbegin(), r.rend(), report.begin() + kSnpSignedSize);
  std::copy(s.rbegin(), s.rend(), report.begin() + kSnpSignedSize + kSnpSignatureComponent);
  std::fill(report.begin() + kSnpSignedSize + 2 * kSnpSignatureComponent, report.end(), 0);
}

}  // namespace cleanroom::testing

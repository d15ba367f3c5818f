// A self-consistent AMD-style chain made up for tests: a self-signed "ARK-Milan" (or another
// product; RSA, signing with RSA-PSS/SHA-384 as AMD does), an "SEV-Milan" ASK it signs, and an
// "SEV-VCEK" P-384 key with the VCEK's TCB and hwID extensions, which signs SEV-SNP reports.
// Nothing here is AMD's: a verifier that pins the real ARK must refuse it; one that pins this ARK
// accepts it, which lets tests exercise checks (debug, TCB, chip id) a real report cannot be
// re-signed for.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "common/bytes.h"
#include "enclave/amd_roots.h"
#include "enclave/snp_report.h"

struct evp_pkey_st;

namespace cleanroom::testing {

struct FakeVcekFields {
  std::string product = "Milan";  // names "ARK-<product>", "SEV-<product>"
  SnpTcb tcb;  // what the blSPL, teeSPL, snpSPL, ucodeSPL (and, with has_fmc, fmcSPL) say
  Bytes hwid;  // the hwID extension: 64 bytes, or 8 on Turin
};

class FakeAmdChain {
 public:
  explicit FakeAmdChain(const FakeVcekFields& vcek);
  const std::string& ark_pem() const { return ark_pem_; }
  const std::string& ask_pem() const { return ask_pem_; }
  const std::string& vcek_pem() const { return vcek_pem_; }
  // The fake ARK and ASK as the only pinned product.
  std::vector<AmdProductRoots> Pinned() const;
  // Overwrites the signature of `report` (1184 bytes) with the VCEK's over [0, 0x2A0).
  void Sign(Bytes& report) const;

 private:
  std::string product_;
  std::shared_ptr<evp_pkey_st> vcek_key_;
  std::string ark_pem_, ask_pem_, vcek_pem_;
};

}  // namespace cleanroom::testing

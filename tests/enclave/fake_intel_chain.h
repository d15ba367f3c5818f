// A made-up Intel-style chain for tests: a self-signed "Intel SGX Root CA" (P-256), a "PCK
// Platform CA" it signs, a "PCK Certificate" leaf, and an attestation key, which together sign
// TDX quotes end to end (QE report by the PCK key, binding the attestation key; the quote by
// the attestation key). Nothing here is Intel's: a verifier pinning the real root must refuse
// it; one pinning this root accepts it, which lets tests re-sign quotes (a debug TD, another
// MRTD) that Intel would never sign for us.
#pragma once

#include <memory>
#include <string>

#include "common/bytes.h"
#include "enclave/tdx_quote.h"

struct evp_pkey_st;

namespace cleanroom::testing {

class FakeIntelChain {
 public:
  FakeIntelChain();
  const std::string& root_pem() const { return root_pem_; }
  // A quote that starts with `signed_part` (header, version 5's body descriptor, TD report), with
  // the QE report and QE auth data of `like`, signed by this chain and carrying its PEM chain.
  Bytes Quote(ByteView signed_part, const TdxQuote& like) const;

 private:
  std::shared_ptr<evp_pkey_st> pck_key_, attestation_key_;
  std::string root_pem_, chain_pem_;
};

}  // namespace cleanroom::testing

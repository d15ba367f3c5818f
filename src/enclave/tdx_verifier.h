// Verifies an Intel TDX quote (tdx_quote.h) offline: the PCK certificate chain the quote
// carries, up to the Intel SGX Root CA pinned in this binary (intel_roots.h); the QE report's
// signature by the PCK key; the QE report binding the attestation key; the quote's signature
// by that key; the QE vendor id (Intel's); the TD's DEBUG attribute; and what the caller expects of
// MRTD and report_data. Not checked, and said so in "checks": the TCB status and the QE identity
// (they need Intel's TCB-info and QE-identity collateral, which this verifier does not fetch) and
// CRLs.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "enclave/intel_roots.h"
#include "enclave/tdx_quote.h"
#include "enclave/tee_check.h"

namespace cleanroom {

struct TdxExpectations {
  std::optional<Digest48> mrtd;
  std::optional<std::array<uint8_t, 64>> report_data;
  bool allow_debug = false;
};

struct TdxVerdict {
  TdxQuote quote;
  std::string root_name;  // the pinned root the PCK chain ends in
  std::vector<TeeCheck> checks;
};

// `pinned_root_pems` replaces the built-in root (tests pin a chain of their own).
// kBadInput "SOURCE: ..." when the quote or its certificates are malformed; kIntegrity
// "SOURCE: CHECK: ..." naming the first check that fails.
Result<TdxVerdict> VerifyTdxQuote(
    ByteView quote, const std::string& source, const TdxExpectations& expect,
    const std::vector<std::string>& pinned_root_pems = PinnedIntelRootPems());

}  // namespace cleanroom

// Verifies an AMD SEV-SNP attestation report (snp_report.h) offline: the report's signature by
// the VCEK, the VCEK's chain through the ASK to an ARK pinned in this binary (amd_roots.h), the
// VCEK's TCB and chip extensions against the report, the guest policy's DEBUG bit, and what the
// caller expects of the measurement and report_data. CRLs are not fetched or checked.
#pragma once

#include <array>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "crypto/x509.h"
#include "enclave/amd_roots.h"
#include "enclave/snp_report.h"
#include "enclave/tee_check.h"

namespace cleanroom {

// VCEK extensions (AMD, "Versioned Chip Endorsement Key (VCEK) Certificate and KDS Interface
// Specification", publication 57230): the TCB components the VCEK was derived for, and the chip.
inline constexpr const char* kVcekOidBlSpl = "1.3.6.1.4.1.3704.1.3.1";
inline constexpr const char* kVcekOidTeeSpl = "1.3.6.1.4.1.3704.1.3.2";
inline constexpr const char* kVcekOidSnpSpl = "1.3.6.1.4.1.3704.1.3.3";
inline constexpr const char* kVcekOidUcodeSpl = "1.3.6.1.4.1.3704.1.3.8";
inline constexpr const char* kVcekOidFmcSpl = "1.3.6.1.4.1.3704.1.3.9";  // Turin
inline constexpr const char* kVcekOidHwId = "1.3.6.1.4.1.3704.1.4";

struct SnpExpectations {
  std::optional<std::array<uint8_t, 48>> measurement;
  std::optional<std::array<uint8_t, 64>> report_data;
  bool allow_debug = false;
};

struct SnpVerdict {
  SnpReport report;
  std::string product;   // "Milan", "Genoa", "Turin"
  SnpTcb reported_tcb;   // decoded for the product
  std::string ark_name;  // the pinned ARK's common name, e.g. "ARK-Milan"
  std::vector<TeeCheck> checks;
};

// `chain`: the ASK and the ARK (in either order), or empty to use the pinned pair of the VCEK's
// product. `pinned` replaces the built-in roots (tests pin a chain of their own).
// kBadInput "SOURCE: ..." when the report or a certificate is malformed; kIntegrity
// "SOURCE: CHECK: ..." naming the first check that fails.
Result<SnpVerdict> VerifySnpReport(ByteView report, const std::string& source,
                                   const X509Certificate& vcek,
                                   const std::vector<X509Certificate>& chain,
                                   const SnpExpectations& expect,
                                   const std::vector<AmdProductRoots>& pinned = PinnedAmdRoots());

}  // namespace cleanroom

// Attestation reports (docs/architecture.md §2, step 3): what the enclave proves about itself
// before any party releases a key. A report binds the enclave's measurement, the hash of the
// policy it was started with, and its fresh public keys:
//   report_data = SHA-256(policy hash (32 bytes) || signing key (32) || encryption key (32))
// and is signed by the platform. In simulation ("tee": "simulated") the platform key is a
// local key kept in the state directory: such a report proves nothing against the host's
// operator, and verifiers refuse it unless explicitly allowed. The verifier is an interface,
// so an AMD SEV-SNP or Intel TDX verifier can take the simulated one's place.
#pragma once

#include <memory>
#include <string>

#include "common/error.h"
#include "common/json_util.h"
#include "crypto/ed25519.h"
#include "crypto/sealed_box.h"
#include "crypto/sha256.h"

namespace cleanroom {

inline constexpr const char* kTeeSimulated = "simulated";

struct AttestationReport {
  std::string tee;            // "simulated" (later "sev-snp", "tdx")
  std::string measurement;    // "sha256:<hex>" of the enclave binary
  std::string policy_sha256;  // "sha256:<hex>"
  Ed25519PublicKey enclave_signing_key;
  X25519PublicKey enclave_encryption_key;
  std::string report_data;  // "sha256:<hex>", see above
  std::string time;         // RFC 3339 UTC
  Ed25519PublicKey platform_key;
  Ed25519Signature platform_signature{};  // over the canonical JSON of Body()

  Json Body() const;    // every field but platform_signature
  Json ToJson() const;  // Body() + platform_signature
  // kIntegrity "SOURCE: field: ..." for a malformed report.
  static Result<AttestationReport> FromJson(const Json& j, const std::string& source);
  // SHA-256 of the canonical JSON of ToJson(): what results name as attestation_sha256.
  std::string Hash() const;
};

std::string ComputeReportData(const std::string& policy_sha256, const Ed25519PublicKey& signing,
                              const X25519PublicKey& encryption);

// Builds and signs a simulated report with the platform key.
Result<AttestationReport> MakeSimulatedReport(const Ed25519KeyPair& platform,
                                              const std::string& measurement,
                                              const std::string& policy_sha256,
                                              const Ed25519PublicKey& signing,
                                              const X25519PublicKey& encryption);

// What the party expects of the enclave it will trust with its key.
struct AttestationExpectations {
  std::string measurement;    // from the signed policy
  std::string policy_sha256;  // the policy the party signed
  bool allow_simulated = false;
};

class AttestationVerifier {
 public:
  virtual ~AttestationVerifier() = default;
  // Ok, or kIntegrity saying exactly what does not hold.
  virtual Status Verify(const AttestationReport& report,
                        const AttestationExpectations& expect) const = 0;
};

// Verifies simulated reports: the platform signature, report_data, measurement and policy
// hash; refuses them outright unless allow_simulated.
std::unique_ptr<AttestationVerifier> MakeSimulatedVerifier();
// Picks the verifier for report.tee (kIntegrity for a TEE kind this build cannot verify).
Status VerifyAttestation(const AttestationReport& report, const AttestationExpectations& expect);

std::string NowRfc3339();

}  // namespace cleanroom

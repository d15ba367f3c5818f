#include "enclave/attestation.h"

#include <ctime>

#include "common/canonical_json.h"
#include "common/hex.h"

namespace cleanroom {
namespace {

Error Bad(const std::string& source, const std::string& what) {
  return MakeError(ErrorCode::kIntegrity, source + ": " + what);
}

class SimulatedVerifier : public AttestationVerifier {
 public:
  Status Verify(const AttestationReport& r, const AttestationExpectations& expect) const override {
    if (r.tee != kTeeSimulated) {
      return MakeError(ErrorCode::kIntegrity,
                       "the simulated verifier cannot verify tee \"" + r.tee + "\"");
    }
    if (!expect.allow_simulated) {
      return MakeError(ErrorCode::kIntegrity,
                       "the enclave runs in a simulated TEE, which protects nothing against the "
                       "host's operator; refusing (pass --allow-simulated, or set "
                       "enclave.allow_simulated in the policy, to accept it for testing)");
    }
    auto canonical = CanonicalJson(r.Body());
    if (!canonical.ok() ||
        !Ed25519Verify(r.platform_key, AsBytes(*canonical), r.platform_signature)) {
      return MakeError(ErrorCode::kIntegrity,
                       "attestation report's platform signature does not verify");
    }
    if (r.report_data !=
        ComputeReportData(r.policy_sha256, r.enclave_signing_key, r.enclave_encryption_key)) {
      return MakeError(ErrorCode::kIntegrity,
                       "attestation report_data does not bind the policy hash and enclave keys");
    }
    if (r.measurement != expect.measurement) {
      return MakeError(ErrorCode::kIntegrity, "enclave measurement " + r.measurement +
                                                  " is not the one the policy names (" +
                                                  expect.measurement + ")");
    }
    if (r.policy_sha256 != expect.policy_sha256) {
      return MakeError(ErrorCode::kIntegrity, "the enclave was started with policy " +
                                                  r.policy_sha256 + ", not the signed policy " +
                                                  expect.policy_sha256);
    }
    return Ok();
  }
};

}  // namespace

std::string NowRfc3339() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string ComputeReportData(const std::string& policy_sha256, const Ed25519PublicKey& signing,
                              const X25519PublicKey& encryption) {
  Bytes data;
  if (policy_sha256.rfind("sha256:", 0) == 0) {
    auto raw = HexDecode(policy_sha256.substr(7));
    if (raw.ok()) data = *raw;
  }
  Append(data, signing.bytes);
  Append(data, encryption.bytes);
  return Sha256Tagged(Sha256(ByteView(data)));
}

Json AttestationReport::Body() const {
  return Json{{"tee", tee},
              {"measurement", measurement},
              {"policy_sha256", policy_sha256},
              {"enclave_signing_key", enclave_signing_key.ToText()},
              {"enclave_encryption_key", enclave_encryption_key.ToText()},
              {"report_data", report_data},
              {"time", time},
              {"platform_key", platform_key.ToText()}};
}

Json AttestationReport::ToJson() const {
  Json j = Body();
  j["platform_signature"] = SignatureToText(platform_signature);
  return j;
}

std::string AttestationReport::Hash() const {
  auto canonical = CanonicalJson(ToJson());
  return Sha256Tagged(Sha256(canonical.ok() ? *canonical : std::string()));
}

Result<AttestationReport> AttestationReport::FromJson(const Json& j, const std::string& source) {
  JsonReader rd(source, ErrorCode::kIntegrity);
  if (!j.is_object()) return Bad(source, "an attestation report must be a JSON object");
  CR_RETURN_IF_ERROR(rd.OnlyKeys(
      j, "",
      {"tee", "measurement", "policy_sha256", "enclave_signing_key", "enclave_encryption_key",
       "report_data", "time", "platform_key", "platform_signature"}));
  AttestationReport r;
  CR_ASSIGN_OR_RETURN(r.tee, rd.String(j, "", "tee"));
  CR_ASSIGN_OR_RETURN(r.measurement, rd.String(j, "", "measurement"));
  CR_ASSIGN_OR_RETURN(r.policy_sha256, rd.String(j, "", "policy_sha256"));
  CR_ASSIGN_OR_RETURN(r.report_data, rd.String(j, "", "report_data"));
  CR_ASSIGN_OR_RETURN(r.time, rd.String(j, "", "time"));
  CR_ASSIGN_OR_RETURN(std::string signing, rd.String(j, "", "enclave_signing_key"));
  CR_ASSIGN_OR_RETURN(std::string encryption, rd.String(j, "", "enclave_encryption_key"));
  CR_ASSIGN_OR_RETURN(std::string platform, rd.String(j, "", "platform_key"));
  CR_ASSIGN_OR_RETURN(std::string sig, rd.String(j, "", "platform_signature"));
  auto sk = Ed25519PublicKey::FromText(signing);
  if (!sk.ok()) return Bad(source, "enclave_signing_key: " + sk.error().message);
  auto ek = X25519PublicKey::FromText(encryption);
  if (!ek.ok()) return Bad(source, "enclave_encryption_key: " + ek.error().message);
  auto pk = Ed25519PublicKey::FromText(platform);
  if (!pk.ok()) return Bad(source, "platform_key: " + pk.error().message);
  auto ps = SignatureFromText(sig);
  if (!ps.ok()) return Bad(source, "platform_signature: " + ps.error().message);
  r.enclave_signing_key = *sk;
  r.enclave_encryption_key = *ek;
  r.platform_key = *pk;
  r.platform_signature = *ps;
  return r;
}

Result<AttestationReport> MakeSimulatedReport(const Ed25519KeyPair& platform,
                                              const std::string& measurement,
                                              const std::string& policy_sha256,
                                              const Ed25519PublicKey& signing,
                                              const X25519PublicKey& encryption) {
  AttestationReport r;
  r.tee = kTeeSimulated;
  r.measurement = measurement;
  r.policy_sha256 = policy_sha256;
  r.enclave_signing_key = signing;
  r.enclave_encryption_key = encryption;
  r.report_data = ComputeReportData(policy_sha256, signing, encryption);
  r.time = NowRfc3339();
  r.platform_key = platform.public_key();
  CR_ASSIGN_OR_RETURN(std::string canonical, CanonicalJson(r.Body()));
  r.platform_signature = platform.Sign(AsBytes(canonical));
  return r;
}

std::unique_ptr<AttestationVerifier> MakeSimulatedVerifier() {
  return std::make_unique<SimulatedVerifier>();
}

Status VerifyAttestation(const AttestationReport& report, const AttestationExpectations& expect) {
  if (report.tee == kTeeSimulated) return MakeSimulatedVerifier()->Verify(report, expect);
  return MakeError(ErrorCode::kIntegrity,
                   "this build has no verifier for tee \"" + report.tee + "\"");
}

}  // namespace cleanroom

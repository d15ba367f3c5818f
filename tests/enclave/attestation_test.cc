#include "enclave/attestation.h"

#include <gtest/gtest.h>

#include "common/canonical_json.h"

namespace cleanroom {
namespace {

const std::string kMeasurement = "sha256:" + std::string(64, 'a');
const std::string kPolicy = "sha256:" + std::string(64, 'b');

class AttestationTest : public ::testing::Test {
 protected:
  Ed25519KeyPair platform_ = Ed25519KeyPair::Generate();
  Ed25519KeyPair signing_ = Ed25519KeyPair::Generate();
  X25519KeyPair encryption_ = X25519KeyPair::Generate();
  AttestationReport report_ = *MakeSimulatedReport(platform_, kMeasurement, kPolicy,
                                                   signing_.public_key(), encryption_.public_key());
  AttestationExpectations expect_{kMeasurement, kPolicy, true};

  std::string Fails(const AttestationReport& r, const AttestationExpectations& e) {
    Status s = VerifyAttestation(r, e);
    if (s.ok()) return "(verified)";
    EXPECT_EQ(s.error().code, ErrorCode::kIntegrity);
    return s.error().message;
  }
};

TEST_F(AttestationTest, VerifiesAndRoundTripsThroughJson) {
  EXPECT_EQ(Fails(report_, expect_), "(verified)");
  auto back = AttestationReport::FromJson(Json::parse(report_.ToJson().dump()), "a.json");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->Hash(), report_.Hash());
  EXPECT_EQ(Fails(*back, expect_), "(verified)");
  EXPECT_EQ(report_.tee, "simulated");
}

TEST_F(AttestationTest, SimulatedIsRefusedUnlessAllowed) {
  AttestationExpectations strict = expect_;
  strict.allow_simulated = false;
  EXPECT_EQ(Fails(report_, strict),
            "the enclave runs in a simulated TEE, which protects nothing against the host's "
            "operator; refusing (pass --allow-simulated, or set enclave.allow_simulated in the "
            "policy, to accept it for testing)");
}

TEST_F(AttestationTest, EveryTamperIsCaught) {
  AttestationReport r = report_;
  r.measurement = "sha256:" + std::string(64, 'c');
  EXPECT_EQ(Fails(r, expect_), "attestation report's platform signature does not verify");

  r = report_;
  r.enclave_encryption_key = X25519KeyPair::Generate().public_key();  // host swaps in its key
  EXPECT_EQ(Fails(r, expect_), "attestation report's platform signature does not verify");

  // A host with the simulated platform key can re-sign, but report_data must still bind.
  r = report_;
  r.enclave_encryption_key = X25519KeyPair::Generate().public_key();
  r.platform_signature = platform_.Sign(AsBytes(*CanonicalJson(r.Body())));
  EXPECT_EQ(Fails(r, expect_),
            "attestation report_data does not bind the policy hash and enclave keys");

  AttestationExpectations other = expect_;
  other.measurement = "sha256:" + std::string(64, 'd');
  EXPECT_EQ(Fails(report_, other), "enclave measurement " + kMeasurement +
                                       " is not the one the policy names (" + other.measurement +
                                       ")");
  other = expect_;
  other.policy_sha256 = "sha256:" + std::string(64, 'e');
  EXPECT_EQ(Fails(report_, other), "the enclave was started with policy " + kPolicy +
                                       ", not the signed policy " + other.policy_sha256);

  r = report_;
  r.tee = "sev-snp";
  EXPECT_EQ(Fails(r, expect_), "this build has no verifier for tee \"sev-snp\"");
}

TEST_F(AttestationTest, MalformedJsonIsAnIntegrityError) {
  Json j = report_.ToJson();
  j["platform_signature"] = "ed25519:AAAA";
  auto r = AttestationReport::FromJson(j, "a.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(r.error().message,
            "a.json: platform_signature: an Ed25519 signature must be 64 bytes, found 3");
}

}  // namespace
}  // namespace cleanroom

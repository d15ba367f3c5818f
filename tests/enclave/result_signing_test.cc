#include "enclave/result_signing.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

class ResultSigningTest : public ::testing::Test {
 protected:
  Ed25519KeyPair platform_ = Ed25519KeyPair::Generate();
  Ed25519KeyPair signing_ = Ed25519KeyPair::Generate();
  AttestationReport report_ = *MakeSimulatedReport(
      platform_, "sha256:" + std::string(64, 'a'), "sha256:" + std::string(64, 'b'),
      signing_.public_key(), X25519KeyPair::Generate().public_key());
  Json result_ = {{"columns", {"campaign_id", "converted_users"}},
                  {"rows", Json::array({Json::array({"sg_fall25", 1532})})},
                  {"query_sha256", "sha256:" + std::string(64, 'c')},
                  {"policy_sha256", report_.policy_sha256},
                  {"attestation_sha256", report_.Hash()}};
};

TEST_F(ResultSigningTest, SignedResultVerifies) {
  ASSERT_TRUE(SignResult(result_, signing_).ok());
  EXPECT_TRUE(VerifyResult(result_, report_).ok());
  // Member order and formatting do not matter (canonical JSON).
  EXPECT_TRUE(VerifyResult(Json::parse(result_.dump(3)), report_).ok());
}

TEST_F(ResultSigningTest, ForgedResultsAreCaught) {
  ASSERT_TRUE(SignResult(result_, signing_).ok());
  Json forged = result_;
  forged["rows"][0][1] = 1533;
  EXPECT_EQ(VerifyResult(forged, report_).error().message,
            "the result's signature does not verify under the attested enclave key (the result "
            "was altered, or another key signed it)");

  Json resigned = forged;
  ASSERT_TRUE(SignResult(resigned, Ed25519KeyPair::Generate()).ok());
  EXPECT_EQ(VerifyResult(resigned, report_).error().code, ErrorCode::kIntegrity);

  Json other = result_;
  other["attestation_sha256"] = "sha256:" + std::string(64, '0');
  EXPECT_EQ(VerifyResult(other, report_).error().message,
            "the result names attestation sha256:" + std::string(64, '0') + ", not this report (" +
                report_.Hash() + ")");
  Json unsigned_result = result_;
  unsigned_result.erase("signature");
  EXPECT_EQ(VerifyResult(unsigned_result, report_).error().message, "the result has no signature");
}

}  // namespace
}  // namespace cleanroom

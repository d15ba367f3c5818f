// The real enclave process behind EnclaveClient: init checks the policy's signatures and
// the measurement, returns a report that verifies; keys are released only when bound.
#include <gtest/gtest.h>

#include "common/base64.h"
#include "common/json_util.h"
#include "crypto/csprng.h"
#include "enclave/attestation.h"
#include "enclave/frame.h"
#include "enclave/key_release.h"
#include "enclave/measurement.h"
#include "host/enclave_client.h"
#include "policy/policy_fixture.h"
#include "policy/signatures.h"
#include "sql/binder.h"
#include "sql/parser.h"

namespace cleanroom {
namespace {

class EnclaveServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    measurement_ = *MeasureBinary(CLEANROOM_ENCLAVE_BIN);
    doc_ = testing::ContractPolicy(sg_.key.public_key(), nn_.key.public_key());
    doc_["enclave"]["measurement"] = measurement_;
  }

  Json InitBody(const Json& doc, bool both_sign) {
    Policy p = std::move(Policy::FromJson(doc, "p")).value();
    PolicySignatures sigs;
    EXPECT_TRUE(AddSignature(p, sg_, sigs).ok());
    if (both_sign) {
      EXPECT_TRUE(AddSignature(p, nn_, sigs).ok());
    }
    Json s = {{"policy_sha256", sigs.policy_sha256}, {"signatures", Json::object()}};
    for (const auto& [party, sig] : sigs.by_party) s["signatures"][party] = SignatureToText(sig);
    return {{"policy", doc}, {"signatures", s}, {"platform_seed", Base64Encode(RandomBytes(32))}};
  }

  Result<Bytes> Init(EnclaveClient& e, const Json& body) {
    return e.Call(MessageType::kInit, AsBytes(body.dump()));
  }

  // Initialises `e` with the policy both parties signed; the report it attests.
  Result<AttestationReport> Attest(EnclaveClient& e) {
    CR_ASSIGN_OR_RETURN(Bytes reply, Init(e, InitBody(doc_, true)));
    CR_ASSIGN_OR_RETURN(Json j, ParseJson(AsChars(reply), "report", ErrorCode::kIntegrity));
    return AttestationReport::FromJson(j, "report");
  }

  Identity sg_{"shopgood", Ed25519KeyPair::Generate()};
  Identity nn_{"newsnow", Ed25519KeyPair::Generate()};
  std::string measurement_;
  Json doc_;
};

TEST_F(EnclaveServiceTest, InitAttestsAndReleasesBoundKeys) {
  auto enclave = EnclaveClient::Start(CLEANROOM_ENCLAVE_BIN);
  ASSERT_TRUE(enclave.ok()) << enclave.error().message;
  auto report = Attest(*enclave);
  ASSERT_TRUE(report.ok()) << report.error().message;
  Policy p = std::move(Policy::FromJson(doc_, "p")).value();
  EXPECT_TRUE(VerifyAttestation(*report, {measurement_, p.hash_text(), true}).ok());

  BundleKey key = BundleKey::Generate("fall25", "purchases");
  Bytes sealed = SealDataKey(report->enclave_encryption_key, key);
  Json good = {{"dataset", "purchases"}, {"sealed_key", Base64Encode(sealed)}};
  auto ok = enclave->Call(MessageType::kProvisionKey, AsBytes(good.dump()));
  ASSERT_TRUE(ok.ok()) << ok.error().message;

  // The host presents purchases' key as exposures': refused.
  Json swapped = {{"dataset", "exposures"}, {"sealed_key", Base64Encode(sealed)}};
  auto bad = enclave->Call(MessageType::kProvisionKey, AsBytes(swapped.dump()));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(bad.error().message, "the sealed key is not bound to dataset exposures of room fall25");

  // A second init is refused; the enclave is still alive and sandboxed.
  auto again = Init(*enclave, InitBody(doc_, true));
  EXPECT_EQ(again.error().message, "the enclave is already initialised");
  EXPECT_EQ(enclave->Shutdown(), 0);
}

TEST_F(EnclaveServiceTest, RefusesAPolicyNotEveryPartySigned) {
  auto enclave = EnclaveClient::Start(CLEANROOM_ENCLAVE_BIN);
  auto reply = Init(*enclave, InitBody(doc_, false));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(reply.error().message.find("is not active: not signed by newsnow"), std::string::npos)
      << reply.error().message;
}

TEST_F(EnclaveServiceTest, RefusesAPolicyNamingAnotherMeasurement) {
  Json doc = doc_;
  std::string other = "sha256:" + std::string(64, '0');
  doc["enclave"]["measurement"] = other;
  auto enclave = EnclaveClient::Start(CLEANROOM_ENCLAVE_BIN);
  auto reply = Init(*enclave, InitBody(doc, true));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(reply.error().message, "wrong measurement: the policy expects enclave " + other +
                                       " but this enclave is " + measurement_);
}

TEST_F(EnclaveServiceTest, MalformedBodiesAreRefusedNamingTheField) {
  auto enclave = EnclaveClient::Start(CLEANROOM_ENCLAVE_BIN);
  ASSERT_TRUE(enclave.ok()) << enclave.error().message;
  auto call = [&](MessageType type, const std::string& body) {
    auto r = enclave->Call(type, AsBytes(body));
    EXPECT_FALSE(r.ok());
    if (r.ok()) return std::string("(accepted)");
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity) << r.error().message;
    return r.error().message;
  };
  Json body = InitBody(doc_, true);
  std::string text = body.dump();
  // The host repeats a key, hoping the enclave reads another value than a checker would.
  std::string repeated = text;
  repeated.insert(1, "\"platform_seed\":\"AAAA\",");
  const size_t second = repeated.find("\"platform_seed\"", 2);
  EXPECT_EQ(call(MessageType::kInit, repeated),
            "init:1:" + std::to_string(second + 1) + ": duplicate key \"platform_seed\"");
  Json extra = body;
  extra["debug"] = true;
  EXPECT_EQ(call(MessageType::kInit, extra.dump()),
            "init: debug: unknown field; expected one of: policy, signatures, platform_seed");
  Json no_seed = body;
  no_seed.erase("platform_seed");
  EXPECT_EQ(call(MessageType::kInit, no_seed.dump()),
            "init: platform_seed: missing; expected a string");
  EXPECT_EQ(call(MessageType::kInit, "[]"), "init: expected a JSON object, found an array");
  // Still alive, and a well-formed init works.
  ASSERT_TRUE(Init(*enclave, body).ok());
  EXPECT_EQ(call(MessageType::kProvisionKey, R"({"dataset": 7, "sealed_key": ""})"),
            "provision_key: dataset: expected a string, found a number");
  EXPECT_EQ(call(MessageType::kExecute, R"({"plan": {}, "epsilon": "0.5", "x": 1})"),
            "execute: x: unknown field; expected one of: plan, epsilon");
  EXPECT_EQ(enclave->Shutdown(), 0);
}

TEST_F(EnclaveServiceTest, AnEcallTooLargeForTheChannelStopsTheEnclaveAtOnce) {
  // It used to be treated as a crash: the host waited for the enclave, the enclave for a frame.
  auto enclave = EnclaveClient::Start(CLEANROOM_ENCLAVE_BIN);
  ASSERT_TRUE(enclave.ok()) << enclave.error().message;
  std::string huge(kMaxFrameBytes, ' ');
  auto r = enclave->Call(MessageType::kInit, AsBytes(huge));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(r.error().message, "the request to the enclave is " + std::to_string(kMaxFrameBytes) +
                                   " bytes, over the channel's limit of " +
                                   std::to_string(kMaxFrameBytes) + "; the enclave was stopped");
  auto after = enclave->Call(MessageType::kInit, AsBytes("{}"));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().message, "the enclave is not running");
}

// Answers every OCALL with one more byte than a frame can carry.
class OversizedAnswers : public OcallHandler {
 public:
  Result<Bytes> Handle(MessageType, ByteView) override { return Bytes(kMaxFrameBytes, 0); }
};

TEST_F(EnclaveServiceTest, AnOcallAnswerTooLargeForTheChannelComesBackAsAnError) {
  auto enclave = EnclaveClient::Start(CLEANROOM_ENCLAVE_BIN);
  ASSERT_TRUE(enclave.ok()) << enclave.error().message;
  auto report = Attest(*enclave);
  ASSERT_TRUE(report.ok()) << report.error().message;
  BundleKey key = BundleKey::Generate("fall25", "purchases");
  Json provision = {{"dataset", "purchases"},
                    {"sealed_key", Base64Encode(SealDataKey(report->enclave_encryption_key, key))}};
  ASSERT_TRUE(enclave->Call(MessageType::kProvisionKey, AsBytes(provision.dump())).ok());

  Policy p = std::move(Policy::FromJson(doc_, "p")).value();
  auto plan =
      sql::Bind(*sql::Parse("SELECT COUNT(*) AS n FROM purchases"), p, "shopgood", "measurement");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  Json execute = {{"plan", plan->ToJson()}, {"epsilon", nullptr}};
  OversizedAnswers host;
  auto r = enclave->Call(MessageType::kExecute, AsBytes(execute.dump()), &host);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(r.error().message,
            "an answer of " + std::to_string(kMaxFrameBytes) +
                " bytes is over the enclave channel's limit of " + std::to_string(kMaxFrameBytes) +
                " (a bundle chunk this large cannot be read; prepare it again with a smaller "
                "--chunk-rows)");
  EXPECT_EQ(enclave->Shutdown(), 0);  // the enclave answered, and is still in order
}

TEST_F(EnclaveServiceTest, CallsBeforeInitAreRefused) {
  auto enclave = EnclaveClient::Start(CLEANROOM_ENCLAVE_BIN);
  auto reply = enclave->Call(MessageType::kProvisionKey, AsBytes("{}"));
  EXPECT_EQ(reply.error().message, "provision_key before init");
}

}  // namespace
}  // namespace cleanroom

#include "policy/signatures.h"

#include <gtest/gtest.h>

#include "policy/policy_fixture.h"
#include "support/process.h"

namespace cleanroom {
namespace {

class SignaturesTest : public ::testing::Test {
 protected:
  Identity sg_{"shopgood", Ed25519KeyPair::Generate()};
  Identity nn_{"newsnow", Ed25519KeyPair::Generate()};
  Policy policy_ =
      std::move(Policy::FromJson(
                    testing::ContractPolicy(sg_.key.public_key(), nn_.key.public_key()), "p"))
          .value();
};

TEST_F(SignaturesTest, ActiveOnlyWhenEveryPartySigned) {
  PolicySignatures sigs;
  EXPECT_EQ(VerifyAllSigned(policy_, sigs).error().message,
            "policy " + policy_.hash_text() +
                " of room fall25 is not active: not signed by "
                "newsnow, shopgood");
  ASSERT_TRUE(AddSignature(policy_, sg_, sigs).ok());
  EXPECT_EQ(VerifyAllSigned(policy_, sigs).error().code, ErrorCode::kIntegrity);
  ASSERT_TRUE(AddSignature(policy_, nn_, sigs).ok());
  EXPECT_TRUE(VerifyAllSigned(policy_, sigs).ok());
}

TEST_F(SignaturesTest, EditedPolicyInvalidatesSignatures) {
  PolicySignatures sigs;
  ASSERT_TRUE(AddSignature(policy_, sg_, sigs).ok());
  ASSERT_TRUE(AddSignature(policy_, nn_, sigs).ok());
  Json edited = policy_.document();
  edited["privacy"]["k_min"] = 2;
  Policy other = std::move(Policy::FromJson(edited, "p")).value();
  EXPECT_EQ(VerifyAllSigned(other, sigs).error().message,
            "policy " + other.hash_text() +
                " of room fall25 is not active: its signatures are over "
                "policy " +
                policy_.hash_text() +
                " (the policy was changed after signing; every party must sign it again)");
  // Signatures that claim the edited version but were made over the original do not verify.
  sigs.policy_sha256 = other.hash_text();
  EXPECT_EQ(
      VerifyAllSigned(other, sigs).error().message,
      "policy " + other.hash_text() +
          " of room fall25 is not active: signature does not "
          "verify for newsnow, shopgood (the policy was changed after signing, or the signature "
          "was altered)");
}

TEST_F(SignaturesTest, RefusesStrangersAndWrongKeys) {
  PolicySignatures sigs;
  Identity stranger{"acme", Ed25519KeyPair::Generate()};
  EXPECT_EQ(AddSignature(policy_, stranger, sigs).error().message,
            "identity \"acme\" is not a party of room fall25");
  Identity impostor{"shopgood", Ed25519KeyPair::Generate()};
  auto s = AddSignature(policy_, impostor, sigs);
  EXPECT_EQ(s.error().code, ErrorCode::kIntegrity);
}

TEST_F(SignaturesTest, SaveAndLoadRoundTrip) {
  testing::ScratchDir dir;
  PolicySignatures sigs;
  ASSERT_TRUE(AddSignature(policy_, sg_, sigs).ok());
  ASSERT_TRUE(AddSignature(policy_, nn_, sigs).ok());
  ASSERT_TRUE(SavePolicySignatures(dir / "p.sigs", sigs).ok());
  auto loaded = LoadPolicySignatures(dir / "p.sigs");
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(VerifyAllSigned(policy_, *loaded).ok());
  EXPECT_TRUE(LoadPolicySignatures(dir / "none.sigs")->by_party.empty());
}

}  // namespace
}  // namespace cleanroom

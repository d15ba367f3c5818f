#include "policy/policy.h"

#include <gtest/gtest.h>

#include "policy/policy_fixture.h"

namespace cleanroom {
namespace {

class PolicyTest : public ::testing::Test {
 protected:
  Ed25519KeyPair sg_ = Ed25519KeyPair::Generate();
  Ed25519KeyPair nn_ = Ed25519KeyPair::Generate();
  Json doc_ = testing::ContractPolicy(sg_.public_key(), nn_.public_key());

  std::string ErrorOf(const Json& doc) {
    auto p = Policy::FromJson(doc, "policy.json");
    if (p.ok()) return "(valid)";
    EXPECT_EQ(p.error().code, ErrorCode::kBadInput);
    return p.error().message;
  }
};

TEST_F(PolicyTest, ContractExampleIsValid) {
  auto p = Policy::FromJson(doc_, "policy.json");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->room(), "fall25");
  EXPECT_TRUE(p->IsAnalyst("shopgood"));
  EXPECT_FALSE(p->IsAnalyst("newsnow"));
  const DatasetSpec* purchases = p->FindDataset("purchases");
  ASSERT_NE(purchases, nullptr);
  EXPECT_EQ(purchases->identifier().name, "email");
  EXPECT_EQ(purchases->identifier().normalize, Normalizer::kEmail);
  EXPECT_EQ(purchases->FindColumn("total_spent")->bounds->hi, 500);
  EXPECT_TRUE(purchases->GrantsPurpose("measurement"));
  EXPECT_FALSE(purchases->GrantsPurpose("marketing"));
  EXPECT_EQ(p->privacy().k_min, 10);
  EXPECT_EQ(p->privacy().dp->delta, 1e-6);
  EXPECT_EQ(p->hash_text().size(), 71u);
}

TEST_F(PolicyTest, HashIgnoresFormattingAndOrder) {
  auto a = Policy::FromJson(doc_, "a");
  // Re-serialised with other spacing, member order and number spellings.
  std::string text = doc_.dump(7);
  auto pos = text.find("3.0");
  text.replace(pos, 3, "30e-1");
  auto b = Policy::FromJson(Json::parse(text), "b");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->hash(), b->hash());
  Json changed = doc_;
  changed["privacy"]["k_min"] = 11;
  EXPECT_NE(Policy::FromJson(changed, "c")->hash(), a->hash());
}

TEST_F(PolicyTest, EveryRuleNamesItsPath) {
  struct Case {
    std::function<void(Json&)> edit;
    std::string message;
  };
  const Case cases[] = {
      {[](Json& j) { j["datasets"]["purchases"]["columns"][2]["role"] = "key"; },
       "policy.json: datasets.purchases.columns[2].role: unknown value \"key\"; expected one of: "
       "identifier, dimension, metric, drop"},
      {[](Json& j) { j["datasets"]["purchases"]["columns"][2]["type"] = "float"; },
       "policy.json: datasets.purchases.columns[2].type: unknown value \"float\"; expected one of: "
       "string, int, decimal, date, bool"},
      {[](Json& j) { j["datasets"]["purchases"]["columns"][3].erase("bounds"); },
       "policy.json: datasets.purchases.columns[3].bounds: missing; a metric needs [lo, hi] while "
       "dp is on"},
      {[](Json& j) { j["analysts"].push_back("acme"); },
       "policy.json: analysts[1]: \"acme\" is not a party of this policy"},
      {[](Json& j) { j["datasets"]["exposures"]["owner"] = "acme"; },
       "policy.json: datasets.exposures.owner: \"acme\" is not a party of this policy"},
      {[](Json& j) { j["privacy"]["dp"]["epsilon_total"] = 0; },
       "policy.json: privacy.dp.epsilon_total: epsilon_total must be a finite number > 0 (got "
       "0)"},
      {[](Json& j) { j["privacy"]["dp"]["epsilon_per_query"] = -1; },
       "policy.json: privacy.dp.epsilon_per_query: epsilon_per_query must be a finite number > 0 "
       "(got -1)"},
      // Values that signed and verified, then failed at run time with exit 2 or 3.
      {[](Json& j) { j["privacy"]["dp"]["epsilon_total"] = 1e300; },
       "policy.json: privacy.dp.epsilon_total: epsilon_total must be at most 1000000 (got "
       "1e+300)"},
      {[](Json& j) { j["privacy"]["dp"]["epsilon_per_query"] = 1e-320; },
       "policy.json: privacy.dp.epsilon_per_query: epsilon_per_query must be at least 0.000001 "
       "(got 1e-320)"},
      {[](Json& j) {
         j["datasets"]["purchases"]["columns"][3]["bounds"] = {-9e18, 9e18};
       },
       "policy.json: datasets.purchases.columns[3].bounds: metric bounds [-9e+18, 9e+18] are "
       "too large for fixed point: |bound| * 10000 must be at most 2^53"},
      {[](Json& j) {
         j["datasets"]["purchases"]["columns"][3]["type"] = "int";
         j["datasets"]["purchases"]["columns"][3]["bounds"] = {0.5, 0.7};
       },
       "policy.json: datasets.purchases.columns[3].bounds: metric bounds [0.5, 0.7] contain no "
       "integer, so every sum would be clamped to nothing"},
      {[](Json& j) { j["privacy"]["dp"]["delta"] = 1; },
       "policy.json: privacy.dp.delta: delta must be in [0, 1) (got 1)"},
      {[](Json& j) { j["privacy"]["dp"]["delta"] = -0.1; },
       "policy.json: privacy.dp.delta: delta must be in [0, 1) (got -0.1)"},
      {[](Json& j) { j["datasets"]["purchases"]["columns"][2]["name"] = "email"; },
       "policy.json: datasets.purchases.columns[2].name: duplicate column \"email\""},
      {[](Json& j) {
         j["datasets"]["purchases"]["columns"][1]["role"] = "dimension";
         j["datasets"]["purchases"]["columns"][1].erase("normalize");
       },
       "policy.json: datasets.purchases.columns: expected exactly one column with role "
       "\"identifier\", found 0"},
      {[](Json& j) { j["datasets"]["purchases"]["columns"][0]["role"] = "identifier"; },
       "policy.json: datasets.purchases.columns: expected exactly one column with role "
       "\"identifier\", found 2"},
      {[](Json& j) {
         j["datasets"]["purchases"]["columns"][3]["bounds"] = {5, 1};
       },
       "policy.json: datasets.purchases.columns[3].bounds: expected finite bounds with lo <= hi"},
      {[](Json& j) { j["enclave"]["measurement"] = "abc"; },
       "policy.json: enclave.measurement: expected \"sha256:\" and 64 lower-case hex digits"},
      {[](Json& j) { j["parties"]["newsnow"]["public_key"] = "ed25519:AAAA"; },
       "policy.json: parties.newsnow.public_key: an Ed25519 public key must be 32 bytes, found 3"},
      {[](Json& j) { j["privacy"]["k_min"] = 0; },
       "policy.json: privacy.k_min: expected an integer >= 1"},
      {[](Json& j) { j["privacy"].erase("dp"); },
       "policy.json: privacy.dp: missing; expected an object or null"},
      {[](Json& j) { j["privacy"]["dp"]["epsilon_per_query"] = 4; },
       "policy.json: privacy.dp.epsilon_per_query: expected a number <= epsilon_total"},
      {[](Json& j) { j["colour"] = "red"; },
       "policy.json: colour: unknown field; expected one of: room, parties, analysts, enclave, "
       "datasets, privacy"},
      {[](Json& j) { j.erase("room"); }, "policy.json: room: missing; expected a string"},
      {[](Json& j) { j["datasets"]["purchases"]["columns"][2]["normalize"] = "email"; },
       "policy.json: datasets.purchases.columns[2].normalize: only an identifier column takes a "
       "normaliser"},
      {[](Json& j) { j["datasets"]["purchases"]["columns"][3]["type"] = "string"; },
       "policy.json: datasets.purchases.columns[3].type: a metric column must have type \"int\" or "
       "\"decimal\""},
  };
  for (const auto& c : cases) {
    Json j = doc_;
    c.edit(j);
    EXPECT_EQ(ErrorOf(j), c.message);
  }
}

TEST_F(PolicyTest, DpNullAllowsUnboundedMetricsAndKOne) {
  Json j = doc_;
  j["privacy"]["dp"] = nullptr;
  j["privacy"]["k_min"] = 1;
  j["datasets"]["purchases"]["columns"][3].erase("bounds");
  auto p = Policy::FromJson(j, "policy.json");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_FALSE(p->privacy().dp.has_value());
}

TEST_F(PolicyTest, LoadReportsJsonPosition) {
  auto p = Policy::Load("/nonexistent/policy.json");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace cleanroom

// The plan's wire form: it round-trips, and the receiving side re-validates it against its
// own policy (a plan edited on the way to the enclave is refused by the same rules).
#include <gtest/gtest.h>

#include "sql/binder.h"
#include "sql/plan.h"
#include "sql/sql_test_policy.h"

namespace cleanroom::sql {
namespace {

using cleanroom::testing::MakeTestPolicy;

const char* kQuery =
    "SELECT e.campaign_id, COUNT(DISTINCT p.email) AS converted_users, SUM(p.total_spent) AS "
    "total_revenue FROM exposures e JOIN purchases p ON e.email = p.email WHERE "
    "e.exposure_date < p.purchase_date AND p.category NOT IN ('a', 'b') AND p.total_spent "
    "BETWEEN -1.5 AND 100 AND p.category LIKE 's%' AND p.returned IS NOT NULL AND NOT "
    "p.quantity * 2 >= 7 AND p.purchase_date > DATE '2025-01-01' AND p.store <> NULL OR TRUE "
    "GROUP BY e.campaign_id HAVING COUNT(*) > 1 ORDER BY converted_users DESC, 1 LIMIT 5";

TEST(PlanJson, RoundTripsAndRebindsToTheSamePlan) {
  Policy policy = MakeTestPolicy();
  Result<Plan> plan = PlanQuery(kQuery, policy, "shopgood", "measurement");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  Json wire = plan->ToJson();
  EXPECT_EQ(wire["version"], 1);
  EXPECT_EQ(wire["analyst"], "shopgood");
  EXPECT_EQ(wire["purpose"], "measurement");
  EXPECT_EQ(wire["policy_sha256"], policy.hash_text());
  Result<Plan> again = Plan::FromJson(Json::parse(wire.dump()), policy);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->ToJson(), wire);
  EXPECT_EQ(ExprText(*again->where()), ExprText(*plan->where()));
  EXPECT_EQ(again->outputs().size(), 3u);
  EXPECT_EQ(again->limit(), 5);
}

TEST(PlanJson, AnEditedPlanIsRejectedByTheSameRulesWithoutPositions) {
  Policy policy = MakeTestPolicy();
  Result<Plan> plan = PlanQuery(kQuery, policy, "shopgood", "measurement");
  ASSERT_TRUE(plan.ok());
  Json wire = plan->ToJson();
  // The host swaps the group column for the identifier.
  wire["query"]["group_by"][0]["name"] = "email";
  wire["query"]["select"][0]["expr"]["name"] = "email";
  Result<Plan> bad = Plan::FromJson(wire, policy);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kRejected);
  EXPECT_EQ(bad.error().message,
            "plan: rule identifier-use: e.email is the join identifier; it may appear only in "
            "JOIN ... ON and COUNT(DISTINCT ...), not in GROUP BY");
  // ... or claims another analyst.
  wire = plan->ToJson();
  wire["analyst"] = "newsnow";
  EXPECT_EQ(Plan::FromJson(wire, policy).error().message,
            "plan: rule not-an-analyst: 'newsnow' is not an analyst of room fall25 (analysts: "
            "shopgood)");
}

TEST(PlanJson, APlanForAnotherPolicyIsAnIntegrityFailure) {
  Policy policy = MakeTestPolicy();
  Policy other = MakeTestPolicy();  // fresh keys: another hash
  Result<Plan> plan = PlanQuery(kQuery, policy, "shopgood", "measurement");
  ASSERT_TRUE(plan.ok());
  Result<Plan> r = Plan::FromJson(plan->ToJson(), other);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(r.error().message, "plan was made for policy " + policy.hash_text() +
                                   " but this room's policy is " + other.hash_text());
}

// Found by fuzz/plan_json_fuzz: the sender's policy_sha256 was quoted as it came, so a line
// break in it made the enclave's error two lines.
TEST(PlanJson, AForeignPolicyHashIsQuotedOnOneLine) {
  Policy policy = MakeTestPolicy();
  Json wire = PlanQuery(kQuery, policy, "shopgood", "measurement")->ToJson();
  wire["policy_sha256"] = "sha256:ab\ncd";
  Result<Plan> r = Plan::FromJson(wire, policy);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(
      r.error().message,
      "plan was made for policy sha256:ab\\x0acd but this room's policy is " + policy.hash_text());
}

TEST(PlanJson, MalformedPlansAreRejectedWithTheirPath) {
  Policy policy = MakeTestPolicy();
  Json wire =
      PlanQuery("SELECT COUNT(*) FROM purchases WHERE store = 1", policy, "shopgood", "measurement")
          ->ToJson();
  Json bad = wire;
  bad["query"]["where"]["args"].erase(1);
  EXPECT_EQ(Plan::FromJson(bad, policy).error().message,
            "plan: query.where.args: wrong number of arguments");
  bad = wire;
  bad["query"]["where"]["op"] = "xor";
  EXPECT_EQ(Plan::FromJson(bad, policy).error().message,
            "plan: query.where.op: unknown operator 'xor'");
  bad = wire;
  bad["query"]["subquery"] = Json::object();
  EXPECT_EQ(Plan::FromJson(bad, policy).error().code, ErrorCode::kRejected);
  bad = wire;
  bad["version"] = 2;
  EXPECT_EQ(Plan::FromJson(bad, policy).error().message, "plan: version: unsupported plan version");
}

}  // namespace
}  // namespace cleanroom::sql

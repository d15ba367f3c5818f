// The binder's static rules (docs/architecture.md §4): every rule rejects with its name and
// position, and the query next to it — the smallest change that follows the rule — passes.
#include "sql/binder.h"

#include <gtest/gtest.h>

#include "sql/sql_test_policy.h"

namespace cleanroom::sql {
namespace {

using cleanroom::testing::MakeTestPolicy;
using cleanroom::testing::TestPolicyOptions;

struct RuleCase {
  std::string rule;
  std::string rejected;
  std::string message;
  std::string allowed;
  bool dp = false;
  std::string analyst = "shopgood";
};

const std::string kJoin = " FROM exposures e JOIN purchases p ON e.email = p.email";

std::vector<RuleCase> Cases() {
  return {
      {"not-an-analyst", "SELECT COUNT(*) FROM purchases",
       "1:8: rule not-an-analyst: 'newsnow' is not an analyst of room fall25 (analysts: shopgood)",
       "", false, "newsnow"},
      {"purpose-not-granted", "SELECT COUNT(*) FROM purchases p JOIN crm c ON p.email = c.email",
       "1:39: rule purpose-not-granted: dataset crm does not grant purpose 'measurement' (it "
       "grants: marketing)",
       "SELECT COUNT(*) FROM purchases p JOIN exposures c ON p.email = c.email"},
      {"unknown-dataset", "SELECT COUNT(*) FROM orders",
       "1:22: rule unknown-dataset: no dataset 'orders' in the policy (datasets: crm, exposures, "
       "purchases)",
       "SELECT COUNT(*) FROM purchases"},
      {"system-table", "SELECT COUNT(*) FROM sqlite_master",
       "1:22: rule system-table: 'sqlite_master' is a system table; only the policy's datasets "
       "exist",
       "SELECT COUNT(*) FROM purchases"},
      {"duplicate-alias", "SELECT COUNT(*) FROM purchases x JOIN exposures x ON x.email = x.email",
       "1:39: rule duplicate-alias: 'x' names two tables; give each its own alias",
       "SELECT COUNT(*) FROM purchases x JOIN exposures y ON x.email = y.email"},
      {"no-select-star", "SELECT * FROM purchases",
       "1:8: rule no-select-star: SELECT * would output rows; list group columns and aggregates",
       "SELECT COUNT(*) FROM purchases"},
      {"aggregate-only", "SELECT category FROM purchases",
       "1:8: rule aggregate-only: only aggregate queries are allowed; add an aggregate or GROUP BY",
       "SELECT category FROM purchases GROUP BY category"},
      {"identifier-use", "SELECT p.email, COUNT(*) FROM purchases p GROUP BY p.category",
       "1:8: rule identifier-use: p.email is the join identifier; it may appear only in JOIN ... "
       "ON and COUNT(DISTINCT ...), not in SELECT",
       "SELECT COUNT(DISTINCT p.email) FROM purchases p GROUP BY p.category"},
      {"identifier-use", "SELECT COUNT(*) FROM purchases p WHERE p.email = 'alice@email.com'",
       "1:40: rule identifier-use: p.email is the join identifier; it may appear only in JOIN ... "
       "ON and COUNT(DISTINCT ...), not in WHERE",
       "SELECT COUNT(*) FROM purchases p WHERE p.category = 'shoes'"},
      {"identifier-use", "SELECT COUNT(*) FROM purchases GROUP BY email",
       "1:41: rule identifier-use: purchases.email is the join identifier; it may appear only in "
       "JOIN ... ON and COUNT(DISTINCT ...), not in GROUP BY",
       "SELECT COUNT(*) FROM purchases GROUP BY category"},
      {"identifier-use", "SELECT SUM(email) FROM purchases",
       "1:12: rule identifier-use: purchases.email is the join identifier; it may appear only in "
       "JOIN ... ON and COUNT(DISTINCT ...), not in SUM(...)",
       "SELECT SUM(quantity) FROM purchases"},
      {"identifier-use", "SELECT COUNT(*) FROM purchases ORDER BY email",
       "1:41: rule identifier-use: purchases.email is the join identifier; it may appear only in "
       "JOIN ... ON and COUNT(DISTINCT ...), not in ORDER BY",
       "SELECT COUNT(*) FROM purchases ORDER BY COUNT(DISTINCT email)"},
      {"metric-not-groupable", "SELECT COUNT(*) FROM purchases GROUP BY total_spent",
       "1:41: rule metric-not-groupable: purchases.total_spent is a metric; metrics may be "
       "aggregated (SUM, AVG) or compared in WHERE, never grouped on",
       "SELECT COUNT(*) FROM purchases GROUP BY purchase_date"},
      {"metric-raw-output", "SELECT total_spent, COUNT(*) FROM purchases",
       "1:8: rule metric-raw-output: purchases.total_spent is a metric; use it inside SUM or AVG "
       "in SELECT",
       "SELECT SUM(total_spent), COUNT(*) FROM purchases WHERE total_spent > 100.00"},
      {"not-grouped", "SELECT category, COUNT(*) FROM purchases",
       "1:8: rule not-grouped: purchases.category is not a GROUP BY column; group on it or "
       "aggregate in SELECT",
       "SELECT category, COUNT(*) FROM purchases GROUP BY category"},
      {"not-grouped", "SELECT COUNT(*) FROM purchases HAVING store > 2",
       "1:39: rule not-grouped: purchases.store is not a GROUP BY column; group on it or "
       "aggregate in HAVING",
       "SELECT COUNT(*) FROM purchases GROUP BY store HAVING store > 2"},
      {"aggregate-argument", "SELECT COUNT(category) FROM purchases",
       "1:8: rule aggregate-argument: COUNT(category) is not supported; use COUNT(*) or "
       "COUNT(DISTINCT identifier)",
       "SELECT COUNT(*) FROM purchases"},
      {"aggregate-argument", "SELECT COUNT(DISTINCT category) FROM purchases",
       "1:23: rule aggregate-argument: COUNT(DISTINCT ...) counts people: it takes a dataset's "
       "identifier, and purchases.category is a dimension",
       "SELECT COUNT(DISTINCT email) FROM purchases"},
      {"aggregate-argument", "SELECT SUM(store) FROM purchases",
       "1:12: rule aggregate-argument: SUM takes a metric column; purchases.store is a dimension",
       "SELECT SUM(quantity) FROM purchases"},
      {"aggregate-argument", "SELECT AVG(quantity * 2) FROM purchases",
       "1:21: rule aggregate-argument: AVG takes one column, not an expression like (quantity * "
       "2)",
       "SELECT AVG(quantity) FROM purchases"},
      {"nested-aggregate", "SELECT SUM(SUM(quantity)) FROM purchases",
       "1:12: rule nested-aggregate: an aggregate cannot contain an aggregate",
       "SELECT SUM(quantity) FROM purchases"},
      {"min-max-needs-dp-off", "SELECT MAX(total_spent) FROM purchases",
       "1:8: rule min-max-needs-dp-off: MAX is available only when the policy's dp is null; use "
       "AVG or SUM",
       "SELECT AVG(total_spent) FROM purchases", true},
      {"join-on-identifier",
       "SELECT COUNT(*) FROM exposures e JOIN purchases p ON e.campaign_id = p.category",
       "1:68: rule join-on-identifier: JOIN ... ON must be identifier equality a.id = b.id; "
       "e.campaign_id is a dimension, not an identifier",
       "SELECT COUNT(*) FROM exposures e JOIN purchases p ON e.email = p.email"},
      {"join-on-identifier",
       "SELECT COUNT(*) FROM exposures e JOIN purchases p ON e.email = p.email AND p.store = 1",
       "1:72: rule join-on-identifier: JOIN ... ON must be identifier equality a.id = b.id; found "
       "((e.email = p.email) AND (p.store = 1))",
       "SELECT COUNT(*) FROM exposures e JOIN purchases p ON e.email = p.email WHERE p.store = 1"},
      {"unknown-column", "SELECT COUNT(*) FROM purchases p WHERE p.customer_id = '789'",
       "1:40: rule unknown-column: column customer_id of purchases is dropped at prepare and does "
       "not exist",
       "SELECT COUNT(*) FROM purchases p WHERE p.category = '789'"},
      {"unknown-column", "SELECT COUNT(*) FROM purchases p WHERE q.store = 1",
       "1:40: rule unknown-column: no table or alias 'q' here",
       "SELECT COUNT(*) FROM purchases p WHERE p.store = 1"},
      {"ambiguous-column", "SELECT COUNT(*)" + kJoin + " WHERE email IS NULL",
       "1:78: rule ambiguous-column: column email is in e and p; qualify it",
       "SELECT COUNT(*)" + kJoin + " WHERE campaign_id IS NULL"},
      {"type-mismatch", "SELECT COUNT(*) FROM purchases WHERE category > 5",
       "1:47: rule type-mismatch: cannot compare string category with int 5",
       "SELECT COUNT(*) FROM purchases WHERE store > 5"},
      {"type-mismatch", "SELECT COUNT(*) FROM purchases WHERE purchase_date > 'soon'",
       "1:54: rule type-mismatch: 'soon' is compared with a date; write YYYY-MM-DD",
       "SELECT COUNT(*) FROM purchases WHERE purchase_date > '2025-10-01'"},
      {"type-mismatch", "SELECT COUNT(*) FROM purchases WHERE store",
       "1:38: rule type-mismatch: WHERE needs a condition, not a int value",
       "SELECT COUNT(*) FROM purchases WHERE returned"},
      {"aggregate-in-where", "SELECT COUNT(*) FROM purchases WHERE SUM(quantity) > 1",
       "1:38: rule aggregate-in-where: aggregates belong in SELECT, HAVING or ORDER BY, not in "
       "WHERE",
       "SELECT COUNT(*) FROM purchases HAVING SUM(quantity) > 1"},
      {"aggregate-in-group-by", "SELECT COUNT(*) FROM purchases GROUP BY COUNT(*)",
       "1:41: rule aggregate-in-group-by: GROUP BY cannot contain an aggregate",
       "SELECT COUNT(*) FROM purchases GROUP BY store"},
      {"group-by-column", "SELECT COUNT(*) FROM purchases GROUP BY store + 1",
       "1:47: rule group-by-column: GROUP BY takes dimension columns, not an expression like "
       "(store + 1)",
       "SELECT COUNT(*) FROM purchases GROUP BY store"},
      {"select-item", "SELECT COUNT(*) + 1 FROM purchases",
       "1:17: rule select-item: a SELECT item is a group column or one aggregate, not (COUNT(*) + "
       "1)",
       "SELECT COUNT(*) FROM purchases HAVING COUNT(*) + 1 > 2"},
      {"order-by", "SELECT category, COUNT(*) FROM purchases GROUP BY category ORDER BY 3",
       "1:69: rule order-by: ORDER BY 3 is not a column of the SELECT list",
       "SELECT category, COUNT(*) FROM purchases GROUP BY category ORDER BY 2"},
  };
}

TEST(Binder, EachRuleRejectsAndItsNeighbourPasses) {
  for (const RuleCase& c : Cases()) {
    SCOPED_TRACE(c.rule + ": " + c.rejected);
    Policy policy = cleanroom::testing::MakeTestPolicy(TestPolicyOptions{.dp = c.dp});
    Result<Plan> bad = PlanQuery(c.rejected, policy, c.analyst, "measurement");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kRejected);
    EXPECT_EQ(bad.error().message, c.message);
    EXPECT_NE(bad.error().message.find("rule " + c.rule + ":"), std::string::npos);
    std::string allowed = c.allowed.empty() ? c.rejected : c.allowed;
    std::string who = c.allowed.empty() ? "shopgood" : c.analyst;
    Result<Plan> good = PlanQuery(allowed, policy, who, "measurement");
    EXPECT_TRUE(good.ok()) << allowed << ": " << good.error().message;
  }
}

TEST(Binder, MinMaxAllowedWhenDpIsNull) {
  Policy policy = MakeTestPolicy();
  EXPECT_TRUE(PlanQuery("SELECT MAX(total_spent), MIN(quantity) FROM purchases", policy, "shopgood",
                        "measurement")
                  .ok());
}

TEST(Binder, ContractQueryBindsToThePlanTheEngineRuns) {
  Policy policy = MakeTestPolicy(TestPolicyOptions{.k_min = 10});
  Result<Plan> plan = PlanQuery(
      "SELECT e.campaign_id, COUNT(DISTINCT p.email) AS converted_users, SUM(p.total_spent) AS "
      "total_revenue" +
          kJoin +
          " WHERE e.exposure_date < p.purchase_date GROUP BY e.campaign_id ORDER BY "
          "converted_users DESC",
      policy, "shopgood", "measurement");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->tables().size(), 2u);
  EXPECT_EQ(plan->tables()[0].dataset, "exposures");
  EXPECT_EQ(plan->tables()[0].identifier, "email");
  EXPECT_EQ(plan->tables()[0].columns, (std::vector<std::string>{"campaign_id", "exposure_date"}));
  EXPECT_EQ(plan->tables()[1].columns, (std::vector<std::string>{"purchase_date", "total_spent"}));
  ASSERT_EQ(plan->groups().size(), 1u);
  EXPECT_EQ(plan->groups()[0].name, "campaign_id");
  ASSERT_EQ(plan->aggregates().size(), 2u);
  EXPECT_EQ(plan->aggregates()[0].text, "COUNT(DISTINCT p.email)");
  EXPECT_EQ(plan->aggregates()[1].text, "SUM(p.total_spent)");
  ASSERT_EQ(plan->outputs().size(), 3u);
  EXPECT_EQ(plan->outputs()[1].name, "converted_users");
  EXPECT_EQ(plan->outputs()[1].slot, 1);
  EXPECT_EQ(plan->order_by()[0].expr.slot, 1);
  EXPECT_EQ(plan->k_min(), 10);
  EXPECT_EQ(plan->uses(), (std::vector<std::string>{
                              "e.campaign_id (exposures, dimension): grouped on",
                              "e.email (exposures, identifier): joined on",
                              "e.exposure_date (exposures, dimension): filtered in WHERE",
                              "p.email (purchases, identifier): counted distinct, joined on",
                              "p.purchase_date (purchases, dimension): filtered in WHERE",
                              "p.total_spent (purchases, metric): aggregated by SUM",
                          }));
}

}  // namespace
}  // namespace cleanroom::sql

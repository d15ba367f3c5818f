// The engine on the scenario's tiny data: exact answers, suppression, bounding under DP,
// rows without a person, extreme values, pushdown.
#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "engine/engine_test_support.h"
#include "privacy/contribution_bounding.h"
#include "privacy/noise_source.h"
#include "sql/sql_test_policy.h"

namespace cleanroom::engine {
namespace {

using cleanroom::testing::MakeTestPolicy;
using cleanroom::testing::OpenerFor;
using cleanroom::testing::RowsText;
using cleanroom::testing::RunExact;
using cleanroom::testing::Tables;
using cleanroom::testing::TestPolicyOptions;

Tables Scenario(const Policy& policy) {
  // purchases: email, purchase_date, total_spent, quantity, category, returned, store
  auto p =
      MemoryTable::FromRows(*policy.FindDataset("purchases"),
                            {{"alice@email.com", "2025-10-12", "75.50", "1", "shoes", "false", "1"},
                             {"bob@email.com", "2025-10-14", "120.00", "2", "hats", "false", "1"},
                             {"carol@email.com", "2025-10-15", "32.25", "1", "shoes", "true", "2"}},
                            2);
  // exposures: email, campaign_id, exposure_date, watch_seconds
  auto e = MemoryTable::FromRows(*policy.FindDataset("exposures"),
                                 {{"david@email.com", "sg_fall25", "2025-10-05", "30"},
                                  {"alice@email.com", "sg_fall25", "2025-10-06", "15"},
                                  {"eve@email.com", "sg_fall25", "2025-10-07", "5"},
                                  {"carol@email.com", "sg_fall25", "2025-10-08", "60"}},
                                 3);
  EXPECT_TRUE(p.ok() && e.ok());
  return {{"purchases", *p}, {"exposures", *e}};
}

const char* kAttribution =
    "SELECT e.campaign_id, COUNT(DISTINCT p.email) AS converted_users, SUM(p.total_spent) AS "
    "total_revenue FROM exposures e JOIN purchases p ON e.email = p.email WHERE e.exposure_date "
    "< p.purchase_date GROUP BY e.campaign_id";
const char* kOverlap =
    "SELECT COUNT(DISTINCT p.email) AS overlap_count FROM exposures e JOIN purchases p ON "
    "e.email = p.email WHERE p.total_spent > 100.00";

TEST(Engine, ScenarioAnswersBeforePrivacyControls) {
  Policy policy = MakeTestPolicy();
  Tables t = Scenario(policy);
  Result<QueryResult> r = RunExact(kAttribution, policy, t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->columns,
            (std::vector<std::string>{"campaign_id", "converted_users", "total_revenue"}));
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"sg_fall25 | 2 | 107.75"}));
  r = RunExact(kOverlap, policy, t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"0"}));
}

TEST(Engine, KThresholdSuppressesSmallGroupsEntirely) {
  Policy policy = MakeTestPolicy(TestPolicyOptions{.k_min = 10});
  Tables t = Scenario(policy);
  for (const char* q : {kAttribution, kOverlap}) {
    Result<QueryResult> r = RunExact(q, policy, t);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r->rows.empty());
    EXPECT_EQ(r->suppressed_groups, 1u);
  }
  // k = 2: Alice and Carol are two persons, so the attribution group is released.
  policy = MakeTestPolicy(TestPolicyOptions{.k_min = 2});
  Result<QueryResult> r = RunExact(kAttribution, policy, t);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"sg_fall25 | 2 | 107.75"}));
}

TEST(Engine, GroupsOrderedByGroupColumnsAndByOrderByWithLimit) {
  Policy policy = MakeTestPolicy();
  Tables t = Scenario(policy);
  Result<QueryResult> r = RunExact(
      "SELECT category, returned, COUNT(*) AS n, AVG(total_spent) AS avg_spent, MIN(quantity), "
      "MAX(total_spent) FROM purchases GROUP BY category, returned",
      policy, t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"hats | 0 | 1 | 120 | 2 | 120",
                                                    "shoes | 0 | 1 | 75.5 | 1 | 75.5",
                                                    "shoes | 1 | 1 | 32.25 | 1 | 32.25"}));
  EXPECT_EQ(r->columns[4], "MIN(quantity)");
  r = RunExact(
      "SELECT purchase_date, SUM(total_spent) AS s FROM purchases WHERE category LIKE 'sh%' "
      "GROUP BY purchase_date HAVING SUM(total_spent) > 40 OR COUNT(*) > 5 ORDER BY s DESC "
      "LIMIT 1",
      policy, t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"2025-10-12 | 75.5"}));
}

Result<std::shared_ptr<const MemoryTable>> AlicesThreeGroups(const Policy& policy) {
  return MemoryTable::FromRows(*policy.FindDataset("purchases"),
                               {{"alice@email.com", "2025-10-12", "10", "1", "shoes", "false", "1"},
                                {"alice@email.com", "2025-10-13", "20", "1", "hats", "false", "1"},
                                {"alice@email.com", "2025-10-14", "30", "1", "bags", "false", "1"},
                                {"bob@email.com", "2025-10-14", "5", "1", "hats", "false", "1"}},
                               10);
}

// The bounded aggregate (before any noise) as "key | distinct persons | count | sum" lines.
std::vector<std::string> BoundedText(const AggregateTable& t) {
  std::vector<std::string> out;
  for (const ExactGroup& g : t.groups) {
    std::string line;
    for (const CellValue& k : g.key) {
      line += std::holds_alternative<std::string>(k) ? std::get<std::string>(k) : "?";
      line += " | ";
    }
    line += std::to_string(g.distinct_persons);
    for (const ExactAggregate& e : g.aggregates) {
      line += " | " + std::to_string(e.count) + " " + std::to_string(static_cast<int64_t>(e.sum));
    }
    out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Engine, UnderDpEachPersonKeepsAtMostMaxGroupsSampledByThePrivacyLayer) {
  Policy policy = MakeTestPolicy(TestPolicyOptions{.dp = true, .max_groups_per_person = 1});
  auto p = AlicesThreeGroups(policy);
  ASSERT_TRUE(p.ok());
  Tables t = {{"purchases", *p}};
  Result<sql::Plan> plan =
      sql::PlanQuery("SELECT category, COUNT(*), SUM(total_spent) FROM purchases GROUP BY category",
                     policy, "shopgood", "measurement");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  // Alice's groups in first-seen order: shoes, hats, bags. Bob has one group and draws no
  // randomness, so the engine's one draw is privacy's SampleIndices(3, 1) on the same source.
  const std::vector<std::vector<std::string>> expected = {
      {"hats | 1 | 1 0 | 1 50000", "shoes | 1 | 1 0 | 1 100000"},
      {"hats | 2 | 2 0 | 2 250000"},
      {"bags | 1 | 1 0 | 1 300000", "hats | 1 | 1 0 | 1 50000"}};
  std::set<size_t> picks;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    SeededNoiseSource engine_source(seed), twin(seed);
    size_t pick = SampleIndices(3, 1, twin).at(0);
    picks.insert(pick);
    ExecOptions o;
    o.threads = 1;
    o.sampler = &engine_source;
    Result<AggregateTable> r = AggregatePlan(*plan, OpenerFor(t), o);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(BoundedText(*r), expected[pick]) << "seed " << seed;
  }
  EXPECT_EQ(picks.size(), 3u);  // every one of Alice's groups can be the one kept
}

TEST(Engine, UnderDpPerPersonSumsAndRowCountsAreClampedToTheBounds) {
  // total_spent [0, 500], quantity [0, 10], max_rows_per_person 1.
  Policy policy = MakeTestPolicy(TestPolicyOptions{.dp = true});
  auto p = MemoryTable::FromRows(*policy.FindDataset("purchases"),
                                 {{"a@x", "2025-10-12", "400", "9", "shoes", "false", "1"},
                                  {"a@x", "2025-10-13", "300", "9", "shoes", "false", "1"},
                                  {"b@x", "2025-10-14", "-5", "20", "shoes", "false", "1"}},
                                 10);
  ASSERT_TRUE(p.ok());
  Tables t = {{"purchases", *p}};
  Result<sql::Plan> plan =
      sql::PlanQuery("SELECT SUM(total_spent), SUM(quantity), COUNT(*) FROM purchases", policy,
                     "shopgood", "measurement");
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  Result<AggregateTable> r = AggregatePlan(*plan, OpenerFor(t), ExecOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  // a: 700 -> 500, b: -5 -> 0 (fixed point); quantity a 18 -> 10, b 20 -> 10; each person's
  // rows count once.
  EXPECT_EQ(BoundedText(*r), (std::vector<std::string>{"2 | 2 5000000 | 2 20 | 2 0"}));
}

TEST(Engine, WithoutDpNothingIsSampledOrClampedTheAnswerIsExactSql) {
  // The same data under a policy whose bounds and max_groups_per_person would bite under DP.
  Policy policy = MakeTestPolicy(TestPolicyOptions{.max_groups_per_person = 1, .bounds = true});
  auto p = MemoryTable::FromRows(*policy.FindDataset("purchases"),
                                 {{"a@x", "2025-10-12", "400", "9", "shoes", "false", "1"},
                                  {"a@x", "2025-10-13", "300", "9", "hats", "false", "1"},
                                  {"b@x", "2025-10-14", "-5", "20", "shoes", "false", "1"}},
                                 10);
  ASSERT_TRUE(p.ok());
  Tables t = {{"purchases", *p}};
  Result<QueryResult> r =
      RunExact("SELECT SUM(total_spent), SUM(quantity), AVG(total_spent), COUNT(*) FROM purchases",
               policy, t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"695 | 38 | 231.6666667 | 3"}));
  r = RunExact("SELECT category, COUNT(*), SUM(total_spent) FROM purchases GROUP BY category",
               policy, t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"hats | 1 | 300", "shoes | 2 | 395"}));
}

TEST(Engine, RowsWithoutAnIdentifierJoinNothingButCountAloneAsPersonsOfTheirOwn) {
  auto tables = [](const Policy& policy) {
    auto p = MemoryTable::FromRows(*policy.FindDataset("purchases"),
                                   {{std::nullopt, "2025-10-12", "1", "1", "shoes", "false", "1"},
                                    {"", "2025-10-12", "2", "1", "shoes", "false", "1"},
                                    {"a@x", "2025-10-12", "4", "1", "shoes", "false", "1"}},
                                   1);
    auto e =
        MemoryTable::FromRows(*policy.FindDataset("exposures"),
                              {{"", "c1", "2025-10-01", "1"}, {"a@x", "c1", "2025-10-01", "1"}}, 1);
    EXPECT_TRUE(p.ok() && e.ok());
    return Tables{{"purchases", *p}, {"exposures", *e}};
  };
  Policy policy = MakeTestPolicy();
  Tables t = tables(policy);
  Result<QueryResult> r = RunExact(
      "SELECT COUNT(*), SUM(total_spent), AVG(total_spent), COUNT(DISTINCT email) FROM purchases",
      policy, t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"3 | 7 | 2.333333333 | 1"}));
  r = RunExact("SELECT COUNT(*) FROM purchases p JOIN exposures e ON p.email = e.email", policy, t);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"1"}));
  // For k each such row is a person: the purchases group has three persons.
  policy = MakeTestPolicy(TestPolicyOptions{.k_min = 3});
  t = tables(policy);
  r = RunExact("SELECT category, COUNT(*) FROM purchases GROUP BY category", policy, t);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"shoes | 3"}));
  policy = MakeTestPolicy(TestPolicyOptions{.k_min = 4});
  t = tables(policy);
  r = RunExact("SELECT category, COUNT(*) FROM purchases GROUP BY category", policy, t);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->rows.empty());
  EXPECT_EQ(r->suppressed_groups, 1u);
}

TEST(Engine, ExtremeValuesGiveExactSumsOrAClearErrorNeverAWrappedNumber) {
  Policy policy = MakeTestPolicy();
  const std::string max = "9223372036854775807", min = "-9223372036854775808";
  auto p = MemoryTable::FromRows(*policy.FindDataset("purchases"),
                                 {{"a@x", "2025-10-12", "1", max, "shoes", "false", max},
                                  {"a@x", "2025-10-12", "1", max, "shoes", "false", max},
                                  {"b@x", "2025-10-12", "1", max, "shoes", "false", max},
                                  {"c@x", "2025-10-12", "1", min, "hats", "false", min}},
                                 2);
  ASSERT_TRUE(p.ok()) << p.error().message;
  Tables t = {{"purchases", *p}};
  // One person's partial (2 * max) and the total (3 * max) exceed 64 bits; both are exact.
  Result<QueryResult> r = RunExact(
      "SELECT category, SUM(quantity), MIN(quantity) FROM purchases GROUP BY category", policy, t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"hats | -9.223372037e+18 | "
                                                    "-9223372036854775808",
                                                    "shoes | 2.767011611e+19 | "
                                                    "9223372036854775807"}));
  // An int compared with a decimal is scaled in 128 bits: INT64_MAX > 1.5 holds.
  r = RunExact("SELECT COUNT(*) FROM purchases WHERE store > 1.5", policy, t);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(RowsText(*r), (std::vector<std::string>{"3"}));
  for (const auto& [sql, text] : std::vector<std::pair<std::string, std::string>>{
           {"SELECT COUNT(*) FROM purchases WHERE -quantity < 0", "(-quantity)"},
           {"SELECT COUNT(*) FROM purchases WHERE quantity + 1 > 0", "(quantity + 1)"},
           {"SELECT COUNT(*) FROM purchases WHERE quantity * 2 > 0", "(quantity * 2)"},
           {"SELECT COUNT(*) FROM purchases WHERE quantity / -1 > 0", "(quantity / -1)"}}) {
    r = RunExact(sql, policy, t);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_EQ(r.error().code, ErrorCode::kInternal) << sql;
    EXPECT_EQ(r.error().message, "arithmetic overflow in " + text +
                                     ": a row's value does not fit a 64-bit integer; narrow "
                                     "the query or the data")
        << sql;
  }
}

TEST(Engine, IntsComparedWithDecimalsAreExact) {
  // An int times 10^4 leaves int64 above 9.2e14: the comparison is made in 128 bits.
  Policy policy = MakeTestPolicy();
  std::vector<std::vector<MemoryTable::Cell>> rows;
  for (const char* v : {"1", "2", "3", "4", "5", "0", "-1", "999999999999999", "1000000000000000",
                        "5000000000000000", "-5000000000000000"}) {
    rows.push_back({"a@x", "2025-10-12", "1", v, "shoes", "false", v});
  }
  auto p = MemoryTable::FromRows(*policy.FindDataset("purchases"), rows, 4);
  ASSERT_TRUE(p.ok()) << p.error().message;
  Tables t = {{"purchases", *p}};
  for (const auto& [where, count] :
       std::vector<std::pair<std::string, std::string>>{{"store > 0.5", "8"},
                                                        {"quantity > 0.5", "8"},
                                                        {"store < 1000000000000000", "9"},
                                                        {"store < 100000000000.5", "8"},
                                                        {"store > -0.5 AND store < 2.5", "3"},
                                                        {"quantity BETWEEN -0.5 AND 5.5", "6"}}) {
    Result<QueryResult> r = RunExact("SELECT COUNT(*) FROM purchases WHERE " + where, policy, t);
    ASSERT_TRUE(r.ok()) << where << ": " << r.error().message;
    EXPECT_EQ(RowsText(*r), (std::vector<std::string>{count})) << where;
  }
}

// A reader that records which columns were asked for. The engine reads chunks from several
// threads at once, so the record is locked.
class Recording : public TableSource {
 public:
  Recording(std::unique_ptr<TableSource> inner, std::vector<std::string>* asked)
      : inner_(std::move(inner)), asked_(asked) {}
  const DatasetSpec& spec() const override { return inner_->spec(); }
  uint64_t row_count() const override { return inner_->row_count(); }
  size_t chunk_count() const override { return inner_->chunk_count(); }
  Result<std::vector<ColumnVector>> ReadChunk(size_t c,
                                              const std::vector<std::string>& cols) override {
    {
      std::lock_guard lock(mutex_);
      for (const std::string& s : cols) {
        if (std::find(asked_->begin(), asked_->end(), s) == asked_->end()) asked_->push_back(s);
      }
    }
    return inner_->ReadChunk(c, cols);
  }

 private:
  std::unique_ptr<TableSource> inner_;
  std::mutex mutex_;
  std::vector<std::string>* asked_;
};

TEST(Engine, ScansDecryptOnlyTheColumnsTheQueryReads) {
  Policy policy = MakeTestPolicy();
  Tables t = Scenario(policy);
  std::vector<std::string> asked;
  SourceOpener open = [&](const std::string& name) -> Result<std::unique_ptr<TableSource>> {
    std::unique_ptr<TableSource> r = std::make_unique<Recording>(t.at(name)->Open(), &asked);
    return r;
  };
  Result<sql::Plan> plan =
      sql::PlanQuery("SELECT category, SUM(total_spent) FROM purchases GROUP BY category", policy,
                     "shopgood", "measurement");
  ASSERT_TRUE(plan.ok());
  Result<QueryResult> r = ExecutePlan(*plan, open, ExactReleaseFor(*plan), ExecOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::sort(asked.begin(), asked.end());
  EXPECT_EQ(asked, (std::vector<std::string>{"category", "email", "total_spent"}));
}

TEST(Engine, AReaderFailureIsReturnedNotSwallowed) {
  Policy policy = MakeTestPolicy();
  SourceOpener open = [](const std::string&) -> Result<std::unique_ptr<TableSource>> {
    return MakeError(ErrorCode::kIntegrity, "chunk 0 of purchases failed to authenticate");
  };
  Result<sql::Plan> plan =
      sql::PlanQuery("SELECT COUNT(*) FROM purchases", policy, "shopgood", "measurement");
  ASSERT_TRUE(plan.ok());
  Result<QueryResult> r = ExecutePlan(*plan, open, ExactReleaseFor(*plan), ExecOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(r.error().message, "chunk 0 of purchases failed to authenticate");
}

}  // namespace
}  // namespace cleanroom::engine

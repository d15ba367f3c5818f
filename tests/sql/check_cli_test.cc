// End-to-end: `cleanroom check` through the real binary — what it prints when a query is
// allowed, and exit 3 with the rule and position when it is not.
#include <gtest/gtest.h>

#include "common/file_io.h"
#include "sql/sql_test_policy.h"
#include "support/process.h"

namespace cleanroom {
namespace {

using testing::ProcessResult;
using testing::RunProcess;
using testing::ScratchDir;

ProcessResult Check(const ScratchDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {CLEANROOM_BIN, "check"});
  return RunProcess(args, dir.path());
}

void WritePolicy(const ScratchDir& dir, const testing::TestPolicyOptions& o) {
  Policy p = testing::MakeTestPolicy(o);
  std::FILE* f = std::fopen((dir / "policy.json").c_str(), "w");
  std::fputs(p.document().dump(2).c_str(), f);
  std::fclose(f);
}

const char* kAttribution =
    "SELECT e.campaign_id, COUNT(DISTINCT p.email) AS converted_users, SUM(p.total_spent) AS "
    "total_revenue FROM exposures e JOIN purchases p ON e.email = p.email WHERE e.exposure_date "
    "< p.purchase_date GROUP BY e.campaign_id ORDER BY converted_users DESC";

TEST(CheckCli, PrintsWhatTheQueryTouchesAndWhy) {
  ScratchDir dir;
  WritePolicy(dir, {.dp = true, .k_min = 10, .max_groups_per_person = 1});
  ProcessResult r = Check(dir, {"--policy", "policy.json", "--as", "shopgood", "--purpose",
                                "measurement", kAttribution});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "allowed: shopgood is an analyst of room fall25 and may run this query for purpose "
            "'measurement'\n"
            "datasets:\n"
            "  exposures as e (owner newsnow): grants purpose 'measurement'; joined on email\n"
            "  purchases as p (owner shopgood): grants purpose 'measurement'; joined on email\n"
            "columns:\n"
            "  e.campaign_id (exposures, dimension): grouped on\n"
            "  e.email (exposures, identifier): joined on\n"
            "  e.exposure_date (exposures, dimension): filtered in WHERE\n"
            "  p.email (purchases, identifier): counted distinct, joined on\n"
            "  p.purchase_date (purchases, dimension): filtered in WHERE\n"
            "  p.total_spent (purchases, metric): aggregated by SUM\n"
            "output: campaign_id, converted_users, total_revenue (one row per group)\n"
            "privacy: groups with fewer than 10 distinct persons are suppressed; each person "
            "counts in at most 1 group(s); differential privacy on (epsilon per query at most "
            "0.5, delta 1e-06)\n"
            "no data was read\n");
}

TEST(CheckCli, RejectionsExitThreeWithRuleAndPosition) {
  ScratchDir dir;
  WritePolicy(dir, {});
  ProcessResult r = Check(dir, {"--policy", "policy.json", "--as", "shopgood", "--purpose",
                                "measurement", "SELECT * FROM purchases"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: 1:8: rule no-select-star: SELECT * would output rows; list group columns and "
            "aggregates\n");
  r = Check(dir, {"--policy", "policy.json", "--as", "newsnow", "--purpose", "measurement",
                  "SELECT COUNT(*) FROM purchases"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err,
            "error: 1:8: rule not-an-analyst: 'newsnow' is not an analyst of room fall25 "
            "(analysts: shopgood)\n");
  r = Check(dir, {"--policy", "policy.json", "--as", "shopgood", "--purpose", "marketing",
                  "SELECT COUNT(*) FROM purchases"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err,
            "error: 1:22: rule purpose-not-granted: dataset purchases does not grant purpose "
            "'marketing' (it grants: measurement)\n");
  r = Check(dir, {"--policy", "policy.json", "--as", "shopgood", "--purpose", "measurement",
                  "SELECT COUNT(*) FROM purchases; DROP TABLE purchases"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err, "error: 1:33: only one statement is allowed; found more after ';'\n");
}

TEST(CheckCli, AcceptsAnIdentityFileAndPrintsThePlan) {
  ScratchDir dir;
  WritePolicy(dir, {});
  ASSERT_EQ(RunProcess({CLEANROOM_BIN, "keygen", "--name", "shopgood", "--out", "shopgood.id"},
                       dir.path())
                .exit_code,
            0);
  ProcessResult r = Check(dir, {"--policy", "policy.json", "--as", "shopgood.id", "--purpose",
                                "measurement", "--plan", "SELECT COUNT(*) FROM purchases"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Json plan = Json::parse(r.out);
  EXPECT_EQ(plan["analyst"], "shopgood");
  EXPECT_EQ(plan["query"]["from"][0]["dataset"], "purchases");
  r = Check(dir, {"--policy", "policy.json", "--as", "missing.id", "--purpose", "measurement",
                  "SELECT COUNT(*) FROM purchases"});
  EXPECT_EQ(r.exit_code, 1);
  r = Check(dir, {"--policy", "policy.json", "--purpose", "measurement", "SELECT 1"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace cleanroom

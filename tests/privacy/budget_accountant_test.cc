#include "privacy/budget_accountant.h"

#include <gtest/gtest.h>

#include <limits>

namespace cleanroom {
namespace {

BudgetAccountant Rules() { return BudgetAccountant::Create(DpParams{3.0, 0.5, 1e-6}).value(); }

TEST(BudgetAccountant, DefaultIsThePerQueryCap) {
  QueryCharge c = Rules().PlanCharge(std::nullopt).value();
  EXPECT_EQ(c.epsilon.micros(), 500000);
  EXPECT_DOUBLE_EQ(c.delta, 1e-6 / 6);  // delta in proportion: 0.5 of 3
}

TEST(BudgetAccountant, RequestedEpsilonUpToTheCap) {
  EXPECT_EQ(Rules().PlanCharge(0.25)->epsilon.micros(), 250000);
  EXPECT_EQ(Rules().PlanCharge(0.5)->epsilon.micros(), 500000);
  auto over = Rules().PlanCharge(0.8);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kPrivacy);
  EXPECT_EQ(over.error().message,
            "epsilon 0.8 is over the per-query cap 0.5 "
            "of the policy; ask for --epsilon 0.5 or "
            "less");
  auto bad = Rules().PlanCharge(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kUsage);
  EXPECT_EQ(bad.error().message, "--epsilon must be a finite number > 0 (got -1)");
}

TEST(BudgetAccountant, RefusesPastTheTotal) {
  BudgetAccountant r = Rules();
  QueryCharge c = r.PlanCharge(std::nullopt).value();
  EXPECT_TRUE(r.CheckAffordable(2'500'000, c).ok());  // exactly what is left
  Status s = r.CheckAffordable(2'600'000, c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kPrivacy);
  EXPECT_EQ(s.error().message,
            "privacy budget exhausted: the query needs epsilon 0.5 but only "
            "0.4 of 3 is left; "
            "ask for less with --epsilon, or ask the parties for a new room");
}

TEST(BudgetAccountant, StatusAfterSpending) {
  BudgetStatus s = Rules().StatusAfter(500000, 1e-6 / 6);
  EXPECT_EQ(s.epsilon_spent(), 0.5);
  EXPECT_EQ(s.epsilon_remaining(), 2.5);
  EXPECT_DOUBLE_EQ(s.delta_remaining, 1e-6 * 5 / 6);
  EXPECT_EQ(Rules().StatusAfter(4'000'000, 0).epsilon_remaining_micros, 0);
}

TEST(BudgetAccountant, BuilderValidates) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    DpParams dp;
    const char* message;
  };
  for (const Case& c :
       {Case{{0, 0.5, 0}, "epsilon_total must be a finite number > 0 (got 0)"},
        Case{{3, nan, 0}, "epsilon_per_query must be a finite number > 0 (got nan)"},
        Case{{1, 2, 0}, "epsilon_per_query (2) must not exceed epsilon_total (1)"},
        Case{{3, 0.5, 1}, "delta must be in [0, 1) (got 1)"},
        Case{{3, 0.5, -0.1}, "delta must be in [0, 1) (got -0.1)"}}) {
    auto r = BudgetAccountant::Create(c.dp);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.error().code, ErrorCode::kUsage);
    EXPECT_EQ(r.error().message, c.message);
  }
}

}  // namespace
}  // namespace cleanroom

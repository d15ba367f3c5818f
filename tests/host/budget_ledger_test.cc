#include "host/budget_ledger.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

#include "support/process.h"

namespace cleanroom {
namespace {

using testing::ScratchDir;

BudgetAccountant Rules() { return BudgetAccountant::Create(DpParams{3.0, 0.5, 1e-6}).value(); }
QueryCharge Default() { return Rules().PlanCharge(std::nullopt).value(); }

TEST(BudgetLedger, ChargesUntilExhaustedThenRefuses) {
  ScratchDir dir;
  BudgetLedger ledger = BudgetLedger::Open(dir / "budget.db").value();
  for (int i = 1; i <= 6; ++i) {
    BudgetStatus s = ledger.Charge("fall25", "shopgood", Rules(), Default(), "q").value();
    EXPECT_EQ(s.epsilon_spent_micros, 500000 * i);
    EXPECT_EQ(s.epsilon_remaining_micros, 3000000 - 500000 * i);
  }
  auto refused = ledger.Charge("fall25", "shopgood", Rules(), Default(), "q");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPrivacy);
  EXPECT_EQ(ExitCodeFor(refused.error().code), 4);
  EXPECT_EQ(refused.error().message,
            "privacy budget exhausted: the query needs epsilon 0.5 but only 0 "
            "of 3 is left; ask "
            "for less with --epsilon, or ask the parties for a new room");
  BudgetStatus s = ledger.Load("fall25", "shopgood", Rules()).value();
  EXPECT_EQ(s.epsilon_spent(), 3.0);
  EXPECT_EQ(s.epsilon_remaining(), 0.0);
  EXPECT_NEAR(s.delta_spent, 1e-6, 1e-18);
}

TEST(BudgetLedger, ASmallerQueryFitsWhatIsLeft) {
  ScratchDir dir;
  BudgetLedger ledger = BudgetLedger::Open(dir / "budget.db").value();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(ledger.Charge("r", "a", Rules(), Default(), "q").ok());
  QueryCharge small = Rules().PlanCharge(0.3).value();
  ASSERT_TRUE(ledger.Charge("r", "a", Rules(), small, "q").ok());
  auto over = ledger.Charge("r", "a", Rules(), small, "q");  // 0.2 left
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message,
            "privacy budget exhausted: the query needs epsilon 0.3 but only "
            "0.2 of 3 is left; ask "
            "for less with --epsilon, or ask the parties for a new room");
  EXPECT_EQ(ledger.Load("r", "a", Rules())->epsilon_remaining_micros, 200000);
}

TEST(BudgetLedger, PerQueryCapChargesNothing) {
  ScratchDir dir;
  BudgetLedger ledger = BudgetLedger::Open(dir / "budget.db").value();
  auto over = Rules().PlanCharge(0.8);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kPrivacy);
  EXPECT_EQ(ExitCodeFor(over.error().code), 4);
  EXPECT_EQ(ledger.Load("r", "a", Rules())->epsilon_spent_micros, 0);
}

TEST(BudgetLedger, PersistsAcrossRestarts) {
  ScratchDir dir;
  {
    BudgetLedger ledger = BudgetLedger::Open(dir / "budget.db").value();
    ASSERT_TRUE(ledger.Charge("r", "a", Rules(), Default(), "q1").ok());
    ASSERT_TRUE(ledger.Charge("r", "a", Rules(), Rules().PlanCharge(0.25).value(), "q2").ok());
  }
  BudgetLedger reopened = BudgetLedger::Open(dir / "budget.db").value();
  BudgetStatus s = reopened.Load("r", "a", Rules()).value();
  EXPECT_EQ(s.epsilon_spent_micros, 750000);
  EXPECT_EQ(s.epsilon_remaining_micros, 2250000);
  EXPECT_EQ(reopened.Charge("r", "a", Rules(), Default(), "q3")->epsilon_spent_micros, 1250000);
}

TEST(BudgetLedger, RoomsAndAnalystsHaveTheirOwnBudgets) {
  ScratchDir dir;
  BudgetLedger ledger = BudgetLedger::Open(dir / "budget.db").value();
  ASSERT_TRUE(ledger.Charge("r1", "a", Rules(), Default(), "q").ok());
  ASSERT_TRUE(ledger.Charge("r1", "b", Rules(), Default(), "q").ok());
  ASSERT_TRUE(ledger.Charge("r1", "b", Rules(), Default(), "q").ok());
  EXPECT_EQ(ledger.Load("r1", "a", Rules())->epsilon_spent_micros, 500000);
  EXPECT_EQ(ledger.Load("r1", "b", Rules())->epsilon_spent_micros, 1000000);
  EXPECT_EQ(ledger.Load("r2", "a", Rules())->epsilon_spent_micros, 0);
}

TEST(BudgetLedger, OpenFailureIsAnIoError) {
  auto r = BudgetLedger::Open("/nonexistent-dir/budget.db");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_EQ(r.error().message,
            "budget ledger /nonexistent-dir/budget.db: "
            "cannot open: unable to open database file");
}

TEST(BudgetLedger, ParallelProcessesCannotOverspend) {
  // 8 processes each try 10 charges of 0.5 against one file with a total of 3:
  // exactly 6 succeed in all, whatever the interleaving. Each child opens the
  // file itself (a new file: they also race to create the schema) and exits
  // with its number of successes, or 100 + the error code on anything but a
  // budget refusal.
  ScratchDir dir;
  const std::string path = dir / "budget.db";
  constexpr int kProcs = 8;
  std::vector<pid_t> kids;
  for (int p = 0; p < kProcs; ++p) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto ledger = BudgetLedger::Open(path);
      if (!ledger.ok()) _exit(100 + static_cast<int>(ledger.error().code));
      int ok = 0;
      for (int i = 0; i < 10; ++i) {
        auto r = ledger->Charge("r", "a", Rules(), Default(), "q" + std::to_string(p));
        if (r.ok()) {
          ++ok;
        } else if (r.error().code != ErrorCode::kPrivacy) {
          _exit(100 + static_cast<int>(r.error().code));
        }
      }
      _exit(ok);
    }
    kids.push_back(pid);
  }
  int total = 0;
  for (pid_t pid : kids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_LT(WEXITSTATUS(status), 100) << "child failed with code " << WEXITSTATUS(status);
    total += WEXITSTATUS(status);
  }
  EXPECT_EQ(total, 6);
  BudgetLedger ledger = BudgetLedger::Open(path).value();
  EXPECT_EQ(ledger.Load("r", "a", Rules())->epsilon_spent_micros, 3000000);
}

}  // namespace
}  // namespace cleanroom

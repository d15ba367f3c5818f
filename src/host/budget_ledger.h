// BudgetLedger: the durable record of the privacy budget each (room, analyst)
// has spent, one SQLite file in the state directory (docs/architecture.md §4,
// "Budget"). A charge is checked and recorded in one IMMEDIATE transaction
// committed with synchronous=FULL before Charge returns, so an answer can be
// released only after it is paid for, and concurrent processes sharing the file
// serialise on SQLite's write lock and cannot overspend. The rules (caps,
// totals, delta) are privacy/budget_accountant.h; this class only stores. One
// BudgetLedger per thread; any number of processes may open the same file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/error.h"
#include "privacy/budget_accountant.h"

struct sqlite3;

namespace cleanroom {

class BudgetLedger {
 public:
  // Opens (creating if needed) the ledger at `path`. kIo on failure.
  static Result<BudgetLedger> Open(const std::string& path);

  BudgetLedger(BudgetLedger&&) noexcept;
  BudgetLedger& operator=(BudgetLedger&&) noexcept;
  ~BudgetLedger();

  // Where the budget of (room, analyst) stands.
  Result<BudgetStatus> Load(std::string_view room, std::string_view analyst,
                            const BudgetAccountant& rules) const;

  // Atomically: reads what (room, analyst) has spent, refuses (kPrivacy, from
  // BudgetAccountant::CheckAffordable) if `charge` does not fit, else records
  // it and commits durably. Returns the status after the charge. kIo when the
  // database fails.
  Result<BudgetStatus> Charge(std::string_view room, std::string_view analyst,
                              const BudgetAccountant& rules, const QueryCharge& charge,
                              std::string_view query_sha256);

  const std::string& path() const { return path_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  BudgetLedger(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  std::string path_;
  std::unique_ptr<sqlite3, Closer> db_;
};

}  // namespace cleanroom

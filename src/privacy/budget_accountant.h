// BudgetAccountant: the pure rules of the privacy budget of one (room,
// analyst), made from the policy's dp parameters (it stores nothing;
// host/budget_ledger.h does).
//   - each query spends an epsilon: --epsilon, or the policy default
//   epsilon_per_query;
//     more than epsilon_per_query is refused (kPrivacy);
//   - a query is refused (kPrivacy) when what was spent plus its epsilon
//   exceeds
//     epsilon_total;
//   - the policy's delta is the total delta; a query spends delta in proportion
//   to its
//     epsilon (delta_q = delta * epsilon_q / epsilon_total), so the delta total
//     can never be exceeded while the epsilon total is not (basic composition:
//     totals add up).
// Epsilons are whole millionths (policy/epsilon.h), so sums are exact.
#pragma once

#include <cstdint>
#include <optional>

#include "common/error.h"
#include "policy/epsilon.h"
#include "policy/policy.h"

namespace cleanroom {

// What one query spends.
struct QueryCharge {
  Epsilon epsilon;
  double delta = 0;
};

// Where a (room, analyst) budget stands.
struct BudgetStatus {
  int64_t epsilon_spent_micros = 0;
  int64_t epsilon_remaining_micros = 0;
  double delta_spent = 0;
  double delta_remaining = 0;
  double epsilon_spent() const { return static_cast<double>(epsilon_spent_micros) / 1e6; }
  double epsilon_remaining() const { return static_cast<double>(epsilon_remaining_micros) / 1e6; }
};

class BudgetAccountant {
 public:
  // Validates dp (kUsage naming the field): epsilons finite and > 0, per-query
  // cap no more than the total, delta in [0, 1).
  static Result<BudgetAccountant> Create(const DpParams& dp);

  // The charge of a query asking for `requested` (nullopt: the policy default).
  // kUsage for an invalid epsilon; kPrivacy "epsilon 0.8 is over the per-query
  // cap 0.5 ...".
  Result<QueryCharge> PlanCharge(std::optional<double> requested) const;

  // kPrivacy "privacy budget exhausted ..." unless `charge` fits in what is
  // left after `spent_micros`.
  Status CheckAffordable(int64_t spent_micros, const QueryCharge& charge) const;

  // The status after `spent_micros` epsilon and `delta_spent` delta.
  BudgetStatus StatusAfter(int64_t spent_micros, double delta_spent) const;

  Epsilon total() const { return total_; }
  Epsilon per_query() const { return per_query_; }
  double delta_total() const { return delta_total_; }

 private:
  BudgetAccountant(Epsilon total, Epsilon per_query, double delta)
      : total_(total), per_query_(per_query), delta_total_(delta) {}
  Epsilon total_;
  Epsilon per_query_;
  double delta_total_;
};

}  // namespace cleanroom

#include "privacy/budget_accountant.h"

#include <algorithm>
#include <string>

namespace cleanroom {

Result<BudgetAccountant> BudgetAccountant::Create(const DpParams& dp) {
  CR_ASSIGN_OR_RETURN(Epsilon total, Epsilon::FromDouble(dp.epsilon_total, "epsilon_total"));
  CR_ASSIGN_OR_RETURN(Epsilon per_query,
                      Epsilon::FromDouble(dp.epsilon_per_query, "epsilon_per_query"));
  if (per_query > total) {
    return MakeError(ErrorCode::kUsage, "epsilon_per_query (" + FormatNumber(per_query.value()) +
                                            ") must not exceed epsilon_total (" +
                                            FormatNumber(total.value()) + ")");
  }
  CR_RETURN_IF_ERROR(ValidateDelta(dp.delta, "delta"));
  return BudgetAccountant(total, per_query, dp.delta);
}

Result<QueryCharge> BudgetAccountant::PlanCharge(std::optional<double> requested) const {
  Epsilon eps = per_query_;
  if (requested) {
    CR_ASSIGN_OR_RETURN(eps, Epsilon::FromDouble(*requested, "--epsilon"));
  }
  if (eps > per_query_) {
    return MakeError(ErrorCode::kPrivacy,
                     "epsilon " + FormatNumber(eps.value()) + " is over the per-query cap " +
                         FormatNumber(per_query_.value()) + " of the policy; ask for --epsilon " +
                         FormatNumber(per_query_.value()) + " or less");
  }
  double delta =
      delta_total_ * static_cast<double>(eps.micros()) / static_cast<double>(total_.micros());
  return QueryCharge{eps, delta};
}

Status BudgetAccountant::CheckAffordable(int64_t spent_micros, const QueryCharge& charge) const {
  int64_t left = std::max<int64_t>(0, total_.micros() - spent_micros);
  if (charge.epsilon.micros() > left) {
    return MakeError(ErrorCode::kPrivacy, "privacy budget exhausted: the query needs epsilon " +
                                              FormatNumber(charge.epsilon.value()) + " but only " +
                                              FormatNumber(static_cast<double>(left) / 1e6) +
                                              " of " + FormatNumber(total_.value()) +
                                              " is left; ask for less with --epsilon, or ask the "
                                              "parties for a new "
                                              "room");
  }
  return Ok();
}

BudgetStatus BudgetAccountant::StatusAfter(int64_t spent_micros, double delta_spent) const {
  BudgetStatus s;
  s.epsilon_spent_micros = spent_micros;
  s.epsilon_remaining_micros = std::max<int64_t>(0, total_.micros() - spent_micros);
  s.delta_spent = delta_spent;
  s.delta_remaining = std::max(0.0, delta_total_ - delta_spent);
  return s;
}

}  // namespace cleanroom

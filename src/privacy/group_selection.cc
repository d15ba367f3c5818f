#include "privacy/group_selection.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace cleanroom {

Result<Rational> LaplaceScale(int64_t sensitivity, Epsilon epsilon, int64_t parts) {
  UInt128 num;
  if (sensitivity <= 0 || parts <= 0 ||
      __builtin_mul_overflow(static_cast<UInt128>(sensitivity),
                             static_cast<UInt128>(Epsilon::kMicrosPerUnit) * parts, &num) ||
      num > DiscreteLaplace::kMaxNum) {
    return MakeError(ErrorCode::kRejected,
                     "noise scale out of range: sensitivity " + std::to_string(sensitivity) +
                         " split " + std::to_string(parts) +
                         " ways does not fit the sampler; narrow the metric bounds or "
                         "max_groups_per_person");
  }
  return Rational{num, static_cast<UInt128>(epsilon.micros())};
}

Result<GroupSelection> GroupSelection::Create(Epsilon epsilon, int64_t parts, double delta,
                                              int64_t k_min, int64_t max_groups_per_person,
                                              bool grouped) {
  CR_RETURN_IF_ERROR(ValidateDelta(delta));
  if (k_min < 1 || max_groups_per_person < 1) {
    return MakeError(ErrorCode::kUsage, "k_min and max_groups_per_person must be >= 1");
  }
  CR_ASSIGN_OR_RETURN(Rational scale, LaplaceScale(max_groups_per_person, epsilon, parts));
  CR_ASSIGN_OR_RETURN(DiscreteLaplace noise, DiscreteLaplace::Create(scale));
  if (!grouped) return GroupSelection(noise, k_min);
  if (!(delta > 0)) {
    return MakeError(ErrorCode::kRejected,
                     "grouped queries under DP need delta > 0 in the policy (which groups "
                     "appear is itself private); add privacy.dp.delta, e.g. 1e-6");
  }
  double b = scale.ToDouble();
  double a = std::exp(-1.0 / b);
  double x = b * std::log(static_cast<double>(max_groups_per_person) / ((1 + a) * delta));
  // Round up with a margin far above the floating-point error of x.
  double j = std::max(0.0, std::ceil(x * (1 + 1e-9) + 1e-9));
  double tau = static_cast<double>(k_min) + j;
  if (!(tau < 4e18)) {
    return MakeError(ErrorCode::kRejected,
                     "the DP threshold for showing a group is out of range; "
                     "use a larger epsilon");
  }
  return GroupSelection(noise, static_cast<int64_t>(tau));
}

bool GroupSelection::Keep(int64_t distinct_persons, NoiseSource& src) const {
  Int128 noisy = static_cast<Int128>(distinct_persons) + noise_.Sample(src);
  return noisy >= threshold_;
}

}  // namespace cleanroom

// The k threshold that applies to a query (DESIGN.md section 3): the policy's
// k_min, raised by the own k_min of any dataset the query touches; the
// strictest wins. Without DP a group is released only when its count of
// distinct persons is at least this k.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "policy/policy.h"

namespace cleanroom {

// Datasets not in the policy are ignored (the binder has rejected them
// already).
int64_t EffectiveKMin(const Policy& policy, const std::vector<std::string>& datasets);
int64_t EffectiveKMin(const PrivacyParams& privacy,
                      const std::vector<const DatasetSpec*>& datasets);

// The exact (dp null) rule: released iff distinct_persons >= k_min.
inline bool PassesK(int64_t distinct_persons, int64_t k_min) { return distinct_persons >= k_min; }

}  // namespace cleanroom

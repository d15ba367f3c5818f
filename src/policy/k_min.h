// The k threshold that applies to a query (docs/architecture.md, "Privacy semantics"): the
// room's k_min, raised by the own k_min of any dataset the query touches; the strictest wins,
// and a dataset can never lower the room's k. The binder computes it once per plan; the
// release (privacy/exact_release.h, privacy/group_selection.h) applies it.
#pragma once

#include <cstdint>
#include <vector>

#include "policy/policy.h"

namespace cleanroom {

// Null entries are ignored.
int64_t EffectiveKMin(const PrivacyParams& privacy,
                      const std::vector<const DatasetSpec*>& datasets);

}  // namespace cleanroom

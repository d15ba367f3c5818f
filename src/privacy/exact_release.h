// ExactRelease: the release step when the policy's dp is null (docs/architecture.md, "Privacy
// semantics"). A group is released only if PassesK: its count of distinct persons reaches the
// query's k_min (policy/k_min.h); k = 1 means no threshold, so an empty whole-table group is
// released too (COUNT 0, SUM NULL), as plain SQL would. Values are exact: COUNTs as int64, SUM
// and AVG as double in output units (NULL when no input), MIN/MAX as int64 for int metrics and
// double for decimals. The DP release is privacy/dp_release.h; both have the shape of
// engine/executor.h ReleaseFn.
#pragma once

#include <cstdint>

#include "privacy/aggregate_table.h"

namespace cleanroom {

// The exact rule: k = 1 releases every group (even one of no persons), else a group needs
// at least k distinct persons.
inline bool PassesK(int64_t distinct_persons, int64_t k_min) {
  return k_min <= 1 || distinct_persons >= k_min;
}

ReleasedTable ExactRelease(const AggregateTable& table, int64_t k_min);

}  // namespace cleanroom

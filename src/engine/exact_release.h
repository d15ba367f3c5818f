// ExactRelease: the release step when the policy's dp is null. A group is released only if
// its count of distinct persons reaches k_min; k = 1 means no threshold, so an empty
// whole-table group is released too (COUNT 0, SUM NULL), as plain SQL would. Values
// are exact: COUNTs as int64, SUM and AVG as double in output units (NULL when no input),
// MIN/MAX as int64 for int metrics and double for decimals. The DP release is the privacy
// layer's (privacy/dp_release.h); both have the shape of engine/executor.h ReleaseFn.
#pragma once

#include "privacy/aggregate_table.h"

namespace cleanroom::engine {

ReleasedTable ExactRelease(const AggregateTable& table, int64_t k_min);

}  // namespace cleanroom::engine

// AggregateTable: what the engine hands to the privacy layer after its second aggregation
// phase, and ReleasedTable: what the privacy layer lets out. The engine has already bounded
// each person's contribution (at most max_groups_per_person groups, each per-person partial
// clamped to the metric's bounds); the privacy layer decides which groups may be released
// (k threshold, noisy under DP) and noises every released cell. Nothing in a ReleasedTable
// is exact unless dp is null.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "policy/policy.h"

namespace cleanroom {

enum class AggregateKind { kCountStar, kCountDistinct, kSum, kAvg, kMin, kMax };

// One aggregate of the SELECT list as the privacy layer needs to know it.
struct AggregateSpec {
  AggregateKind kind = AggregateKind::kCountStar;
  std::string output_name;
  ColumnType input_type = ColumnType::kInt;  // SUM/AVG/MIN/MAX: the metric's type
  std::optional<MetricBounds> bounds;        // SUM/AVG: the metric's declared bounds
};

// A group-key value (a dimension), or an output cell. Dates are days since the epoch,
// decimals fixed point (storage/column_vector.h); the engine knows each column's type.
using CellValue = std::variant<std::monostate, int64_t, double, std::string>;

// The exact, bounded aggregate of one group for one aggregate of the SELECT list.
struct ExactAggregate {
  int64_t count = 0;  // COUNT(*): rows (each person's rows clamped under DP);
                      // COUNT(DISTINCT): persons; SUM/AVG/MIN/MAX: non-null inputs
  __int128 sum = 0;   // SUM/AVG: sum of inputs, in the input's fixed-point units
  int64_t min = 0;    // MIN/MAX (only when dp is null)
  int64_t max = 0;
};

struct ExactGroup {
  std::vector<CellValue> key;              // one per GROUP BY column
  int64_t distinct_persons = 0;            // the privacy unit count that k is checked against
  std::vector<ExactAggregate> aggregates;  // one per AggregateSpec
};

struct AggregateTable {
  std::vector<AggregateSpec> aggregates;
  std::vector<ExactGroup> groups;
  bool grouped = false;  // false: one whole-table row (no GROUP BY)
  // The privacy unit: how many groups one person may touch (sensitivity multiplier).
  int64_t max_groups_per_person = 1;
  // Under DP: how many rows of one person COUNT(*) counts in one group.
  int64_t max_rows_per_person = 1;
};

// What a released cell's noise was, for the result JSON ("noise" in docs/cli.md, "The result").
struct NoiseInfo {
  std::string mechanism;  // "discrete_laplace" (the only mechanism released today)
  double scale = 0;       // in the output's units
  double ci95 = 0;        // half-width of the 95 % interval, in the output's units
};

struct ReleasedGroup {
  std::vector<CellValue> key;
  std::vector<CellValue> values;  // int64 for counts, double for SUM/AVG, null for an empty AVG
};

struct ReleasedTable {
  std::vector<ReleasedGroup> groups;            // suppressed groups are absent
  std::vector<std::optional<NoiseInfo>> noise;  // per aggregate; nullopt when dp is null
  size_t suppressed_groups = 0;                 // reported to the audit log, not to the analyst
};

}  // namespace cleanroom

// The DP release (docs/architecture.md §4): from the engine's bounded
// AggregateTable to the ReleasedTable that may leave the enclave when the
// policy's dp is on.
//   - The query's epsilon is split evenly into (number of aggregates + 1)
//   shares: one
//     for the choice of groups (privacy/group_selection.h), one per aggregate;
//     an AVG spends half of its share on its SUM and half on its COUNT. All of
//     delta goes to the group selection (cells use the pure-epsilon discrete
//     Laplace).
//   - Each cell gets fresh discrete Laplace noise with scale D / epsilon_share
//   as an exact
//     fraction, D from the policy only: COUNT(*) m * r, COUNT(DISTINCT) m, SUM
//     m * B (B the larger |bound| in fixed point), with m =
//     max_groups_per_person and r = max_rows_per_person. Sums are noised in
//     fixed point.
//   - Counts are clamped at 0; AVG = noisy SUM / max(1, noisy COUNT), clamped
//   to the
//     bounds (post-processing, free of privacy cost).
//   - MIN/MAX are refused (kRejected), as is a SUM/AVG without bounds.
// Under DP the engine must hand over every group, including those below k: this
// layer decides. suppressed_groups stays 0 (the exact number is not private).
#pragma once

#include <cstdint>

#include "common/error.h"
#include "policy/epsilon.h"
#include "privacy/aggregate_table.h"
#include "privacy/noise_source.h"

namespace cleanroom {

// The parameters of one DP release. A ReleaseParams that exists is valid.
class ReleaseParams {
 public:
  // delta in [0, 1) (kUsage); k_min >= 1 (kUsage). epsilon and delta are what
  // the query was charged (BudgetAccountant::PlanCharge); k_min from
  // EffectiveKMin.
  static Result<ReleaseParams> Create(Epsilon epsilon, double delta, int64_t k_min);

  Epsilon epsilon() const { return epsilon_; }
  double delta() const { return delta_; }
  int64_t k_min() const { return k_min_; }

 private:
  ReleaseParams(Epsilon e, double d, int64_t k) : epsilon_(e), delta_(d), k_min_(k) {}
  Epsilon epsilon_;
  double delta_;
  int64_t k_min_;
};

// Releases `table` under (epsilon, delta)-DP with noise from `noise`
// (production: CsprngNoiseSource). Groups keep the table's order. noise[i]
// describes aggregate i in output units (for AVG: at the smallest released
// noisy count, an upper estimate).
Result<ReleasedTable> ReleaseWithDp(const AggregateTable& table, const ReleaseParams& params,
                                    NoiseSource& noise);

}  // namespace cleanroom

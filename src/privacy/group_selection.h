// GroupSelection: which groups may appear under DP (docs/architecture.md §4, "k
// threshold"). A group appears when its distinct-person count plus discrete
// Laplace noise reaches a threshold tau:
//   - grouped output: tau = k_min + j, j = ceil(b ln(m / ((1 + a) delta))), b
//   the noise
//     scale, a = exp(-1/b), m = max_groups_per_person. A group that exists only
//     because of one person (count 1) then appears with probability a^j / (1 +
//     a) <= delta / m, so the person's at most m groups leak with probability
//     <= delta in all, and the noisy counts of the other groups (L1 sensitivity
//     m, scale b = m / epsilon) are epsilon-DP: the selection is (epsilon,
//     delta)-DP. A group below k_min appears with probability below delta / m.
//   - a whole-table row (no GROUP BY) exists for every dataset, so tau = k_min
//   and the
//     selection is epsilon-DP with no delta.
// Immutable once made; the noise comes from the NoiseSource passed to Keep.
#pragma once

#include <cstdint>

#include "common/error.h"
#include "policy/epsilon.h"
#include "privacy/discrete_laplace.h"

namespace cleanroom {

class GroupSelection {
 public:
  // The selection spends epsilon / parts (parts >= 1) and all of delta (which
  // must be > 0 when grouped: kRejected "grouped queries under DP need delta >
  // 0 ..."); k_min >= 1 and max_groups_per_person >= 1 (kUsage).
  static Result<GroupSelection> Create(Epsilon epsilon, int64_t parts, double delta, int64_t k_min,
                                       int64_t max_groups_per_person, bool grouped);

  // Whether a group with this many distinct persons appears (one fresh noise
  // draw).
  bool Keep(int64_t distinct_persons, NoiseSource& src) const;

  int64_t threshold() const { return threshold_; }
  const DiscreteLaplace& noise() const { return noise_; }

 private:
  GroupSelection(DiscreteLaplace noise, int64_t threshold) : noise_(noise), threshold_(threshold) {}
  DiscreteLaplace noise_;
  int64_t threshold_;
};

// The exact scale D / epsilon_share as a fraction, with epsilon_share = epsilon
// / parts: (D * 10^6 * parts) / epsilon.micros(). kRejected when it would not
// fit the sampler.
Result<Rational> LaplaceScale(int64_t sensitivity, Epsilon epsilon, int64_t parts);

}  // namespace cleanroom

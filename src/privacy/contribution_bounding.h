// Contribution bounding helpers (DESIGN.md section 3): a uniform sample of the
// groups one person may contribute to, and per-person partials clamped to a
// metric's bounds in fixed point. Sensitivities follow from these bounds, which
// come from the policy only. Pure functions; the randomness is injected
// (CsprngNoiseSource in production).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/error.h"
#include "policy/policy.h"
#include "privacy/noise_source.h"

namespace cleanroom {

// min(k, n) distinct indices of [0, n), each subset equally likely, in
// increasing order (Floyd's algorithm: k draws, no shuffling of all n).
std::vector<size_t> SampleIndices(size_t n, size_t k, NoiseSource& src);

// A metric's bounds in the units the engine sums: int as is, decimal times
// kDecimalScale. lo rounds up and hi rounds down, so a clamped value is always
// inside the declared bounds.
struct FixedBounds {
  int64_t lo = 0;
  int64_t hi = 0;
  int64_t unit = 1;  // fixed-point units per output unit (kDecimalScale for decimals)
  // The most one person's clamped partial can move a sum: max(|lo|, |hi|).
  int64_t Sensitivity() const { return std::max(lo < 0 ? -lo : lo, hi < 0 ? -hi : hi); }
  // A per-person partial (a 128-bit sum of 64-bit values) clamped into [lo, hi].
  int64_t Clamp(__int128 partial) const {
    return partial < lo ? lo : (partial > hi ? hi : static_cast<int64_t>(partial));
  }
};

// Largest magnitude of a bound in fixed-point units (2^53: exact in a double
// too).
inline constexpr int64_t kMaxFixedBound = int64_t{1} << 53;

// kRejected "metric bounds [lo, hi] ..." when bounds are not finite, out of
// order, too large for fixed point (|bound| * unit > 2^53), or narrower than
// one fixed-point unit; or when the type is not int or decimal.
Result<FixedBounds> ToFixedBounds(const MetricBounds& bounds, ColumnType type);

}  // namespace cleanroom

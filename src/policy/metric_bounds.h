// A metric's declared bounds [lo, hi] in the fixed-point units the engine sums (int as is,
// decimal times kDecimalScale). The policy reader refuses bounds that ToFixedBounds refuses,
// so a Policy that exists has usable bounds; the DP release and the engine's clamp use the
// same conversion (one rule).
#pragma once

#include <algorithm>
#include <cstdint>

#include "common/error.h"
#include "policy/policy.h"

namespace cleanroom {

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

// kRejected "metric bounds [lo, hi] ..." when bounds are not finite, out of order, too large
// for fixed point (|bound| * unit > 2^53), or contain no value of the type (int bounds
// [0.5, 0.7] hold no integer); or when the type is not int or decimal.
Result<FixedBounds> ToFixedBounds(const MetricBounds& bounds, ColumnType type);

}  // namespace cleanroom

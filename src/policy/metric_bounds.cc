#include "policy/metric_bounds.h"

#include <cmath>
#include <string>

#include "policy/epsilon.h"

namespace cleanroom {

Result<FixedBounds> ToFixedBounds(const MetricBounds& bounds, ColumnType type) {
  FixedBounds f;
  if (type == ColumnType::kDecimal) {
    f.unit = kDecimalScale;
  } else if (type != ColumnType::kInt) {
    return MakeError(
        ErrorCode::kRejected,
        std::string("only int and decimal metrics have bounds, not ") + ColumnTypeName(type));
  }
  std::string text = "[" + FormatNumber(bounds.lo) + ", " + FormatNumber(bounds.hi) + "]";
  if (!std::isfinite(bounds.lo) || !std::isfinite(bounds.hi) || bounds.lo > bounds.hi) {
    return MakeError(ErrorCode::kRejected,
                     "metric bounds " + text + " must be finite with lo <= hi");
  }
  double lo = std::ceil(bounds.lo * static_cast<double>(f.unit) - 1e-9);
  double hi = std::floor(bounds.hi * static_cast<double>(f.unit) + 1e-9);
  const double max = static_cast<double>(kMaxFixedBound);
  if (std::abs(lo) > max || std::abs(hi) > max) {
    return MakeError(ErrorCode::kRejected, "metric bounds " + text +
                                               " are too large for fixed point: |bound| * " +
                                               std::to_string(f.unit) + " must be at most 2^53");
  }
  if (lo > hi) {
    return MakeError(ErrorCode::kRejected,
                     "metric bounds " + text + " contain no " +
                         (type == ColumnType::kInt ? "integer" : "multiple of 0.0001") +
                         ", so every sum would be clamped to nothing");
  }
  f.lo = static_cast<int64_t>(lo);
  f.hi = static_cast<int64_t>(hi);
  return f;
}

}  // namespace cleanroom

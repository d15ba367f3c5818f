#include "privacy/contribution_bounding.h"

#include <cmath>
#include <set>
#include <string>

#include "privacy/epsilon.h"
#include "storage/column_vector.h"

namespace cleanroom {

std::vector<size_t> SampleIndices(size_t n, size_t k, NoiseSource& src) {
  k = std::min(k, n);
  std::set<size_t> chosen;
  // Floyd: for j in [n-k, n): pick t in [0, j]; take t unless taken, else take
  // j.
  for (size_t j = n - k; j < n; ++j) {
    size_t t = static_cast<size_t>(src.UniformBelow(j + 1));
    if (!chosen.insert(t).second) chosen.insert(j);
  }
  return {chosen.begin(), chosen.end()};
}

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
    return MakeError(ErrorCode::kRejected, "metric bounds " + text +
                                               " are narrower than one fixed-point unit (1/" +
                                               std::to_string(f.unit) + ")");
  }
  f.lo = static_cast<int64_t>(lo);
  f.hi = static_cast<int64_t>(hi);
  return f;
}

}  // namespace cleanroom

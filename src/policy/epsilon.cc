#include "policy/epsilon.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cleanroom {

std::string FormatNumber(double v) {
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

Result<Epsilon> Epsilon::FromDouble(double value, std::string_view what) {
  std::string w(what);
  if (!std::isfinite(value) || !(value > 0)) {
    return MakeError(ErrorCode::kUsage,
                     w + " must be a finite number > 0 (got " + FormatNumber(value) + ")");
  }
  if (value > kMax) {
    return MakeError(ErrorCode::kUsage,
                     w + " must be at most 1000000 (got " + FormatNumber(value) + ")");
  }
  double scaled = value * static_cast<double>(kMicrosPerUnit);
  double nearest = std::round(scaled);
  double micros = std::abs(scaled - nearest) <= 1e-9 * scaled ? nearest : std::floor(scaled);
  if (micros < 1) {
    return MakeError(ErrorCode::kUsage,
                     w + " must be at least 0.000001 (got " + FormatNumber(value) + ")");
  }
  return Epsilon(static_cast<int64_t>(micros));
}

Result<Epsilon> Epsilon::FromMicros(int64_t micros, std::string_view what) {
  if (micros <= 0 || micros > static_cast<int64_t>(kMax) * kMicrosPerUnit) {
    return MakeError(ErrorCode::kUsage, std::string(what) +
                                            " must be between 1 and 10^12 millionths (got " +
                                            std::to_string(micros) + ")");
  }
  return Epsilon(micros);
}

Status ValidateDelta(double delta, std::string_view what) {
  if (!std::isfinite(delta) || !(delta >= 0) || !(delta < 1)) {
    return MakeError(ErrorCode::kUsage,
                     std::string(what) + " must be in [0, 1) (got " + FormatNumber(delta) + ")");
  }
  return Ok();
}

}  // namespace cleanroom

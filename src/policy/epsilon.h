// Epsilon: a privacy-loss parameter, held exactly as a whole number of
// millionths so that budgets add up without rounding drift and the noise scale
// D / epsilon is an exact fraction. An Epsilon that exists is > 0 and finite.
// Conversion from a double rounds DOWN to a millionth (a smaller epsilon is
// always safe: more noise, less spent), except that a double within 1e-9
// relative of a millionth is taken as that millionth (0.3 -> 300000).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"

namespace cleanroom {

class Epsilon {
 public:
  static constexpr int64_t kMicrosPerUnit = 1'000'000;
  static constexpr double kMax = 1e6;

  // kUsage "<what> must be a finite number > 0 (got X)" / "... at least
  // 0.000001" /
  // "... at most 1000000".
  static Result<Epsilon> FromDouble(double value, std::string_view what = "epsilon");
  // micros must be in [1, 10^12] (kUsage otherwise).
  static Result<Epsilon> FromMicros(int64_t micros, std::string_view what = "epsilon");

  int64_t micros() const { return micros_; }
  double value() const { return static_cast<double>(micros_) / kMicrosPerUnit; }
  friend bool operator==(Epsilon a, Epsilon b) { return a.micros_ == b.micros_; }
  friend auto operator<=>(Epsilon a, Epsilon b) { return a.micros_ <=> b.micros_; }

 private:
  explicit Epsilon(int64_t micros) : micros_(micros) {}
  int64_t micros_;
};

// delta must be finite and in [0, 1): kUsage "<what> must be in [0, 1) (got
// X)".
Status ValidateDelta(double delta, std::string_view what = "delta");

// A number as the messages print it: the shortest form that reads back the
// same.
std::string FormatNumber(double v);

}  // namespace cleanroom

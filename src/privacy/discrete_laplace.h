// DiscreteLaplace: the two-sided geometric distribution on the integers,
//   P[Y = y] = (1 - a) / (1 + a) * a^|y|,  a = exp(-1 / scale),
// sampled exactly (Canonne, Kamath, Steinke 2020, Algorithm 2) from uniform
// integer draws and rational Bernoulli trials. Adding it to an integer query of
// L1 sensitivity D with scale = D / epsilon is epsilon-DP. A DiscreteLaplace
// that exists has a valid scale. Immutable and thread-compatible; the
// NoiseSource carries all state.
#pragma once

#include <cstdint>

#include "common/error.h"
#include "privacy/noise_source.h"
#include "privacy/rational.h"

namespace cleanroom {

class DiscreteLaplace {
 public:
  // Largest scale numerator and denominator accepted (keeps every product in
  // 128 bits).
  static constexpr UInt128 kMaxNum = UInt128{1} << 100;
  static constexpr UInt128 kMaxDen = UInt128{1} << 64;

  // scale = num/den; requires 0 < num <= kMaxNum and 0 < den <= kMaxDen
  // (kRejected otherwise).
  static Result<DiscreteLaplace> Create(Rational scale);

  // One exact draw. Exact except on events of probability below 2^-1000 (a
  // geometric run long enough to overflow 128 bits), where the draw is retried.
  Int128 Sample(NoiseSource& src) const;

  const Rational& scale() const { return scale_; }
  double ScaleAsDouble() const { return scale_.ToDouble(); }
  // The analytic pmf, for tests and for the reported interval.
  double Pmf(int64_t y) const;
  // The smallest integer w with P[|Y| <= w] >= 0.95 (a whole number, as a double: at the
  // largest scales it exceeds int64).
  double Ci95HalfWidth() const;

 private:
  explicit DiscreteLaplace(Rational scale) : scale_(scale) {}
  Rational scale_;
};

}  // namespace cleanroom

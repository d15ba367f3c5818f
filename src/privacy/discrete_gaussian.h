// DiscreteGaussian: the Gaussian restricted to the integers,
//   P[Y = y] proportional to exp(-y^2 / (2 sigma^2)),
// sampled exactly (Canonne, Kamath, Steinke 2020, Algorithm 3: discrete Laplace
// proposals with scale t = floor(sigma) + 1, accepted with probability
// exp(-(|y| - sigma^2/t)^2 / (2 sigma^2))). sigma^2 is a rational. Adding it to
// an integer query of L2 sensitivity D is (D^2 / (2 sigma^2))-zCDP (CKS Theorem
// 4). A DiscreteGaussian that exists has a valid sigma^2. Immutable; state
// lives in the source.
#pragma once

#include <cstdint>

#include "common/error.h"
#include "privacy/noise_source.h"
#include "privacy/rational.h"

namespace cleanroom {

class DiscreteGaussian {
 public:
  // Limits that keep the acceptance test in 128-bit integers.
  static constexpr UInt128 kMaxSigma2 = UInt128{1} << 40;  // sigma up to 2^20
  static constexpr UInt128 kMaxDen = UInt128{1} << 16;

  // sigma^2 = num/den; requires num > 0, 0 < den <= 2^16, num/den < 2^40
  // (kRejected).
  static Result<DiscreteGaussian> Create(Rational sigma2);

  // One exact draw (up to a total-variation distance below 2^-2000: a proposal
  // beyond 64 sigma, whose acceptance test would overflow 128 bits, is rejected
  // outright).
  Int128 Sample(NoiseSource& src) const;

  const Rational& sigma2() const { return sigma2_; }
  double SigmaAsDouble() const;
  // The analytic pmf (normalised numerically), for tests and the reported
  // interval.
  double Pmf(int64_t y) const;
  // The smallest w with P[|Y| <= w] >= 0.95.
  int64_t Ci95HalfWidth() const;

 private:
  DiscreteGaussian(Rational sigma2, UInt128 t) : sigma2_(sigma2), t_(t) {}
  double Normaliser() const;
  Rational sigma2_;
  UInt128 t_;  // floor(sigma) + 1
};

}  // namespace cleanroom

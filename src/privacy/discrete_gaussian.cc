#include "privacy/discrete_gaussian.h"

#include <cmath>

#include "privacy/bernoulli.h"
#include "privacy/discrete_laplace.h"

namespace cleanroom {
namespace {

UInt128 ISqrt(UInt128 x) {  // floor(sqrt(x)), x < 2^64 here
  UInt128 r = static_cast<UInt128>(std::sqrt(static_cast<double>(x)));
  while (r * r > x) --r;
  while ((r + 1) * (r + 1) <= x) ++r;
  return r;
}

}  // namespace

Result<DiscreteGaussian> DiscreteGaussian::Create(Rational sigma2) {
  if (sigma2.num == 0 || sigma2.den == 0 || sigma2.den > kMaxDen ||
      sigma2.num / sigma2.den >= kMaxSigma2) {
    return MakeError(ErrorCode::kRejected,
                     "discrete Gaussian: sigma^2 must be a fraction num/den with num > 0, "
                     "0 < den <= 2^16 and num/den < 2^40");
  }
  // floor(sqrt(num/den)) = floor(sqrt(floor(num/den))).
  UInt128 t = ISqrt(sigma2.num / sigma2.den) + 1;
  return DiscreteGaussian(sigma2, t);
}

Int128 DiscreteGaussian::Sample(NoiseSource& src) const {
  const UInt128 n = sigma2_.num;
  const UInt128 d = sigma2_.den;
  const UInt128 t = t_;
  // Proposal: discrete Laplace with integer scale t (valid by construction).
  DiscreteLaplace proposal = DiscreteLaplace::Create(Rational{t, 1}).value();
  // Acceptance exponent (|y| - n/(d t))^2 / (2 n/d) = (|y| t d - n)^2 / (2 n
  // t^2 d).
  const UInt128 den = 2 * n * t * t * d;  // < 2^(1+56+42+16)
  // A proposal with |y| t d >= 2^64 has |y| > 2^27 > 64 sigma: its acceptance
  // probability is below exp(-2^11), so rejecting it outright changes the
  // output by less than 2^-2000.
  for (;;) {
    Int128 y = proposal.Sample(src);
    UInt128 abs_y = static_cast<UInt128>(y < 0 ? -y : y);
    UInt128 ytd;
    if (__builtin_mul_overflow(abs_y, t * d, &ytd) || ytd >= (UInt128{1} << 64)) continue;
    UInt128 diff = ytd >= n ? ytd - n : n - ytd;
    if (BernoulliExpMinus(src, diff * diff, den)) return y;
  }
}

double DiscreteGaussian::SigmaAsDouble() const { return std::sqrt(sigma2_.ToDouble()); }

double DiscreteGaussian::Normaliser() const {
  double s2 = sigma2_.ToDouble();
  double total = 1;
  for (int64_t y = 1;; ++y) {
    double term = std::exp(-static_cast<double>(y) * y / (2 * s2));
    total += 2 * term;
    if (term < 1e-18 * total) break;
  }
  return total;
}

double DiscreteGaussian::Pmf(int64_t y) const {
  double s2 = sigma2_.ToDouble();
  return std::exp(-static_cast<double>(y) * y / (2 * s2)) / Normaliser();
}

int64_t DiscreteGaussian::Ci95HalfWidth() const {
  double norm = Normaliser();
  double s2 = sigma2_.ToDouble();
  double mass = 1 / norm;
  int64_t w = 0;
  while (mass < 0.95) {
    ++w;
    mass += 2 * std::exp(-static_cast<double>(w) * w / (2 * s2)) / norm;
  }
  return w;
}

}  // namespace cleanroom

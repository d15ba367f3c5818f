#include "privacy/discrete_laplace.h"

#include <cmath>
#include <cstdlib>

#include "privacy/bernoulli.h"

namespace cleanroom {

Result<DiscreteLaplace> DiscreteLaplace::Create(Rational scale) {
  if (scale.num == 0 || scale.den == 0 || scale.num > kMaxNum || scale.den > kMaxDen) {
    return MakeError(ErrorCode::kRejected,
                     "discrete Laplace: the scale must be a fraction num/den with "
                     "0 < num <= 2^100 and 0 < den <= 2^64");
  }
  return DiscreteLaplace(scale);
}

// CKS Algorithm 2 with t = scale.num, s = scale.den (the scale is t/s):
//   U ~ Uniform{0..t-1}; accept U with probability exp(-U/t); V ~ Geometric(1 -
//   exp(-1)); X = U + t V (so X is geometric with parameter exp(-1/t)); Y =
//   floor(X / s) (geometric with parameter exp(-s/t)); a fair sign, rejecting
//   "-0" so that 0 is not counted twice.
Int128 DiscreteLaplace::Sample(NoiseSource& src) const {
  const UInt128 t = scale_.num;
  const UInt128 s = scale_.den;
  for (;;) {
    UInt128 u = src.UniformBelow128(t);
    if (!BernoulliExpMinus(src, u, t)) continue;
    UInt128 v = 0;
    while (BernoulliExpMinus(src, 1, 1)) ++v;
    UInt128 tv;
    if (__builtin_mul_overflow(t, v, &tv) || tv > (UInt128{1} << 126)) continue;
    UInt128 y = (u + tv) / s;
    bool negative = (src.NextU64() & 1) != 0;
    if (negative && y == 0) continue;
    return negative ? -static_cast<Int128>(y) : static_cast<Int128>(y);
  }
}

double DiscreteLaplace::Pmf(int64_t y) const {
  double a = std::exp(-1.0 / ScaleAsDouble());
  return (1 - a) / (1 + a) * std::pow(a, static_cast<double>(std::llabs(y)));
}

double DiscreteLaplace::Ci95HalfWidth() const {
  // P[|Y| > w] = 2 a^(w+1) / (1 + a) <= 0.05, a = e^(-1/b)  <=>  w + 1 >= -b ln(0.025 (1 + a)).
  // Written with ln(a) = -1/b exactly: a is within one rounding of 1 for a large scale, and
  // ln(a) computed from it would be 0 (an infinite width).
  const double b = ScaleAsDouble();
  const double a = std::exp(-1.0 / b);
  const double need = -b * std::log(0.025 * (1 + a));
  const double w = std::ceil(need * (1 - 1e-15)) - 1;
  return w < 0 ? 0 : w;
}

}  // namespace cleanroom

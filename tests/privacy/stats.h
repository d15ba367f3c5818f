// Statistics for the privacy tests: a chi-square goodness-of-fit statistic with
// its critical value, and confidence bounds for a binomial proportion.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>

namespace cleanroom::testing {

// Sample sizes: the full size in optimised builds (NDEBUG, what scripts/test
// runs first); a fifth of it in debug builds (the ASan + UBSan pass), where
// every draw costs about 20 times more. The thresholds below hold at either
// size.
inline constexpr int64_t SampleSize(int64_t full) {
#ifdef NDEBUG
  return full;
#else
  return full / 5;
#endif
}

struct ChiSquare {
  double statistic = 0;
  int degrees = 0;
};

// Observed counts per integer outcome against pmf * n over [lo, hi]. Outcomes
// expecting fewer than 20 draws, and everything outside [lo, hi], are pooled
// into one "rest" bin.
inline ChiSquare ChiSquareAgainst(const std::map<int64_t, int64_t>& observed, int64_t n,
                                  const std::function<double(int64_t)>& pmf, int64_t lo,
                                  int64_t hi) {
  ChiSquare r;
  double counted_exp = 0, counted_obs = 0;
  int bins = 0;
  for (int64_t y = lo; y <= hi; ++y) {
    double e = pmf(y) * static_cast<double>(n);
    if (e < 20) continue;  // pooled into the rest bin below
    auto it = observed.find(y);
    double o = it == observed.end() ? 0 : static_cast<double>(it->second);
    r.statistic += (o - e) * (o - e) / e;
    counted_exp += e;
    counted_obs += o;
    ++bins;
  }
  double rest_exp = static_cast<double>(n) - counted_exp;
  double rest_obs = static_cast<double>(n) - counted_obs;
  if (rest_exp >= 1) {
    r.statistic += (rest_obs - rest_exp) * (rest_obs - rest_exp) / rest_exp;
    ++bins;
  }
  r.degrees = bins - 1;
  return r;
}

// The chi-square quantile with upper-tail probability about 1e-7
// (Wilson-Hilferty, z = 5.2): a correct sampler fails such a test with
// probability about 1e-7.
inline double ChiSquareCritical(int degrees) {
  double k = degrees, z = 5.2;
  double c = 1 - 2 / (9 * k) + z * std::sqrt(2 / (9 * k));
  return k * c * c * c;
}

// Bounds on a binomial proportion from `hits` of `n` (Wilson score interval, z
// standard deviations; z = 5.5 leaves each bound wrong with probability below
// 2e-8).
inline double WilsonLower(int64_t hits, int64_t n, double z = 5.5) {
  double p = static_cast<double>(hits) / n, nn = static_cast<double>(n);
  double c = p + z * z / (2 * nn), d = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  return (c - d) / (1 + z * z / nn);
}
inline double WilsonUpper(int64_t hits, int64_t n, double z = 5.5) {
  double p = static_cast<double>(hits) / n, nn = static_cast<double>(n);
  double c = p + z * z / (2 * nn), d = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  return (c + d) / (1 + z * z / nn);
}

}  // namespace cleanroom::testing

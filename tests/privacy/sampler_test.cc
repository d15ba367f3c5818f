// Exact-pmf tests of the discrete samplers: 10^6 draws each (2 * 10^5 in debug
// builds), chi-square against the analytic pmf. Seeds are fixed, so a run is
// deterministic; the thresholds are the chi-square quantiles with upper tail
// 1e-7 (a correct sampler fails a fresh seed with probability about 1e-7).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <utility>

#include "privacy/bernoulli.h"
#include "privacy/discrete_laplace.h"
#include "stats.h"

namespace cleanroom {
namespace {

using testing::ChiSquareAgainst;
using testing::ChiSquareCritical;

const int64_t kDraws = testing::SampleSize(1'000'000);

template <typename Sampler>
void ExpectMatchesPmf(const Sampler& s, uint64_t seed, int64_t range) {
  SeededNoiseSource src(seed);
  std::map<int64_t, int64_t> seen;
  for (int64_t i = 0; i < kDraws; ++i) ++seen[static_cast<int64_t>(s.Sample(src))];
  auto chi = ChiSquareAgainst(
      seen, kDraws, [&](int64_t y) { return s.Pmf(y); }, -range, range);
  ASSERT_GT(chi.degrees, 5);
  EXPECT_LT(chi.statistic, ChiSquareCritical(chi.degrees)) << "degrees " << chi.degrees;
}

TEST(DiscreteLaplace, MatchesPmfForRationalScale) {
  // scale 7/2 = 3.5: a non-integer rational, both loops of Algorithm 2
  // exercised.
  ExpectMatchesPmf(DiscreteLaplace::Create(Rational{7, 2}).value(), 1, 80);
}

TEST(DiscreteLaplace, MatchesPmfForScaleBelowOne) {
  ExpectMatchesPmf(DiscreteLaplace::Create(Rational{1, 3}).value(), 2, 20);
}

TEST(DiscreteLaplace, MatchesPmfForScaleWithLargeTerms) {
  // scale = 5 * 10^6 * 3 * 10^6 / 1500000 = 10^7, as the release builds a SUM's
  // scale; compared on buckets of 10^6 (the pmf of a bucket summed exactly in
  // closed form).
  DiscreteLaplace lap = DiscreteLaplace::Create(Rational{15'000'000'000'000, 1'500'000}).value();
  EXPECT_EQ(lap.ScaleAsDouble(), 1e7);
  SeededNoiseSource src(3);
  std::map<int64_t, int64_t> seen;
  const int64_t w = 1'000'000;
  auto bucket = [&](int64_t y) { return y >= 0 ? y / w : -((-y - 1) / w) - 1; };
  for (int64_t i = 0; i < kDraws; ++i) ++seen[bucket(static_cast<int64_t>(lap.Sample(src)))];
  double a = std::exp(-1.0 / 1e7);
  // P[Y >= k] = a^k / (1 + a) for k >= 1; P[Y >= 0] = 1 / (1 + a); symmetric.
  auto tail = [&](int64_t k) {  // P[Y >= k]
    if (k >= 1) return std::pow(a, static_cast<double>(k)) / (1 + a);
    return 1 - std::pow(a, static_cast<double>(1 - k)) / (1 + a);
  };
  auto pmf = [&](int64_t b) { return tail(b * w) - tail((b + 1) * w); };
  auto chi = ChiSquareAgainst(seen, kDraws, pmf, -150, 150);
  ASSERT_GT(chi.degrees, 5);
  EXPECT_LT(chi.statistic, ChiSquareCritical(chi.degrees)) << "degrees " << chi.degrees;
}

TEST(Bernoulli, ExpMinusHasTheRightMean) {
  // Each check: 6 standard deviations (false failure below 1e-8).
  SeededNoiseSource src(6);
  for (auto [num, den] : {std::pair<int, int>{0, 1}, {1, 2}, {1, 1}, {3, 2}, {7, 3}}) {
    int64_t hits = 0;
    for (int64_t i = 0; i < kDraws; ++i) hits += BernoulliExpMinus(src, num, den) ? 1 : 0;
    double p = std::exp(-static_cast<double>(num) / den);
    double sd = std::sqrt(p * (1 - p) / kDraws);
    EXPECT_NEAR(static_cast<double>(hits) / kDraws, p, 6 * sd + 1e-12) << num << "/" << den;
  }
}

TEST(Bernoulli, RationalHasTheRightMean) {
  SeededNoiseSource src(7);
  int64_t hits = 0;
  for (int64_t i = 0; i < kDraws; ++i) hits += BernoulliRational(src, 1, 3) ? 1 : 0;
  double sd = std::sqrt((1.0 / 3) * (2.0 / 3) / kDraws);
  EXPECT_NEAR(static_cast<double>(hits) / kDraws, 1.0 / 3, 6 * sd);
  EXPECT_TRUE(BernoulliRational(src, 5, 5));
  EXPECT_FALSE(BernoulliRational(src, 0, 5));
}

}  // namespace
}  // namespace cleanroom

// The differencing attack of examples/shopgood-newsnow/README.md: Query A ("bought X in zip 98109")
// counts 15 with Alice, Query B ("... who are not 35-year-old data scientists") counts 14, and
// exactly 15 - 14 = 1 reveals that Alice bought X. Under DP each query is released with noise
// (policy: k = 10, epsilon 0.5 per query). The attacker sees both noisy answers and must decide
// between "Alice bought X" (A = 15) and "she did not" (A = 14); B is 14 either way. Query A is
// 0.5-DP, so any decision rule has true-positive rate minus false-positive rate at most tanh(0.5 /
// 2) = 0.2449 (TPR <= e^eps FPR and 1 - FPR <= e^eps (1 - TPR)). Fixed seeds; 200000 trials per
// world (a fifth in debug builds); margins of 6 standard deviations (false failure probability
// below 1e-8 per check).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "privacy/dp_release.h"
#include "stats.h"

namespace cleanroom {
namespace {

const int64_t kTrials = testing::SampleSize(200'000);
constexpr int64_t kWithheld = -1000;

AggregateTable CountTable(int64_t persons) {
  AggregateTable t;
  t.aggregates.push_back(
      AggregateSpec{AggregateKind::kCountDistinct, "buyers", ColumnType::kInt, {}});
  t.grouped = false;
  t.groups.push_back(ExactGroup{{}, persons, {ExactAggregate{persons, 0, 0, 0}}});
  return t;
}

int64_t Answer(const AggregateTable& t, NoiseSource& src) {
  static const ReleaseParams params =
      ReleaseParams::Create(Epsilon::FromDouble(0.5).value(), 0, 10).value();
  ReleasedTable r = ReleaseWithDp(t, params, src).value();
  return r.groups.empty() ? kWithheld : std::get<int64_t>(r.groups[0].values[0]);
}

// What the attacker sees: A - B, or a marker when either answer was withheld.
int64_t Difference(int64_t a, int64_t b) {
  if (a == kWithheld || b == kWithheld) return kWithheld;
  return a - b;
}

struct Worlds {
  std::map<int64_t, int64_t> alice, no_alice;  // histogram of the difference
};

Worlds PlayBothWorlds(uint64_t seed) {
  SeededNoiseSource src(seed);
  AggregateTable a15 = CountTable(15), a14 = CountTable(14), b14 = CountTable(14);
  Worlds w;
  for (int64_t i = 0; i < kTrials; ++i) {
    ++w.alice[Difference(Answer(a15, src), Answer(b14, src))];
    ++w.no_alice[Difference(Answer(a14, src), Answer(b14, src))];
  }
  return w;
}

TEST(DifferencingAttack, ExactAnswersRevealAlice) {
  // Without noise (dp null) the attack is perfect: the difference is 1 exactly
  // when she bought X.
  EXPECT_EQ(15 - 14, 1);
  EXPECT_EQ(14 - 14, 0);
}

TEST(DifferencingAttack, NoisyDifferenceNoLongerRevealsAlice) {
  Worlds w = PlayBothWorlds(2025);
  const double n = kTrials;
  // The difference is exactly 1 only in a minority of the runs where Alice
  // bought X...
  double p_one = static_cast<double>(w.alice[1]) / n;
  EXPECT_LT(p_one, 0.15);
  // ...and nearly as often when she did not: the ratio is not provably above
  // e^0.5 = 1.65 (Wilson bounds at 6 deviations).
  double q_one = static_cast<double>(w.no_alice[1]) / n;
  EXPECT_GT(q_one, 0.02);
  EXPECT_LE(testing::WilsonLower(w.alice[1], kTrials, 6) /
                testing::WilsonUpper(w.no_alice[1], kTrials, 6),
            std::exp(0.5));

  // Every threshold rule "say Alice if the difference >= t" has advantage at
  // most tanh(0.25) + margin. The margin: 6 standard deviations of a difference
  // of two proportions, 6 * sqrt(0.5 / n) = 0.0095.
  const double bound = std::tanh(0.25) + 6 * std::sqrt(0.5 / n);
  double best = 0;
  for (int64_t t = -40; t <= 40; ++t) {
    double tpr = 0, fpr = 0;
    for (auto& [d, c] : w.alice) tpr += (d != kWithheld && d >= t) ? c : 0;
    for (auto& [d, c] : w.no_alice) fpr += (d != kWithheld && d >= t) ? c : 0;
    best = std::max(best, (tpr - fpr) / n);
  }
  EXPECT_LT(best, bound);
  EXPECT_GT(best,
            0.05);  // the answers still carry signal: noise is not everything
}

}  // namespace
}  // namespace cleanroom

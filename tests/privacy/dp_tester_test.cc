// The stochastic DP tester against the real release and against a deliberately
// under-noised one: it must pass the first and flag the second. Fixed seeds;
// the false-flag probability of a correct mechanism is below 1e-6
// (dp_tester.h).
#include "dp_tester.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "privacy/dp_release.h"

namespace cleanroom {
namespace {

using testing::TestEpsilonDp;

const int64_t kRuns = testing::SampleSize(100'000);
constexpr int64_t kWithheld = -1000;

// One whole-table COUNT(DISTINCT) over `persons`.
AggregateTable CountTable(int64_t persons) {
  AggregateTable t;
  t.aggregates.push_back(AggregateSpec{AggregateKind::kCountDistinct, "n", ColumnType::kInt, {}});
  t.grouped = false;
  t.groups.push_back(ExactGroup{{}, persons, {ExactAggregate{persons, 0, 0, 0}}});
  return t;
}

// The released count, or kWithheld; outputs far out are pooled
// (post-processing).
int64_t Released(const AggregateTable& t, double epsilon, int64_t k, NoiseSource& src) {
  ReleaseParams params = ReleaseParams::Create(Epsilon::FromDouble(epsilon).value(), 0, k).value();
  ReleasedTable r = ReleaseWithDp(t, params, src).value();
  if (r.groups.empty()) return kWithheld;
  return std::clamp<int64_t>(std::get<int64_t>(r.groups[0].values[0]), 0, 40);
}

TEST(DpTester, PassesTheRealMechanism) {
  AggregateTable with = CountTable(15), without = CountTable(14);
  auto mech = [&](bool neighbour, NoiseSource& src) {
    return Released(neighbour ? without : with, 1.0, 10, src);
  };
  auto r = TestEpsilonDp(mech, 1.0, 0, kRuns, 11);
  EXPECT_FALSE(r.violation) << "output " << r.worst_output << " ratio "
                            << r.worst_ratio_lower_bound;
}

TEST(DpTester, FlagsAnUnderNoisedMechanism) {
  // Claims epsilon 1 but noises as if epsilon were 4: a quarter of the noise it
  // needs.
  AggregateTable with = CountTable(15), without = CountTable(14);
  auto mech = [&](bool neighbour, NoiseSource& src) {
    return Released(neighbour ? without : with, 4.0, 10, src);
  };
  auto r = TestEpsilonDp(mech, 1.0, 0, kRuns, 12);
  EXPECT_TRUE(r.violation);
  EXPECT_GT(r.worst_ratio_lower_bound, std::exp(1.0));
}

TEST(DpTester, FlagsAnExactCount) {
  auto mech = [](bool neighbour, NoiseSource&) -> int64_t { return neighbour ? 14 : 15; };
  EXPECT_TRUE(TestEpsilonDp(mech, 1.0, 0, 1000, 13).violation);
}

// A whole-table SUM of an int metric bounded to [lo, hi] in the policy; one person adds
// `value` (already clamped by the engine when it respects the bounds).
int64_t ReleasedSum(int64_t persons, int64_t sum, MetricBounds bounds, NoiseSource& src) {
  AggregateTable t;
  t.aggregates.push_back(AggregateSpec{AggregateKind::kSum, "s", ColumnType::kInt, bounds});
  t.grouped = false;
  t.groups.push_back(ExactGroup{{}, persons, {ExactAggregate{persons, sum, 0, 0}}});
  ReleaseParams params = ReleaseParams::Create(Epsilon::FromDouble(1.0).value(), 0, 1).value();
  ReleasedTable r = ReleaseWithDp(t, params, src).value();
  if (r.groups.empty()) return kWithheld;
  return std::clamp<int64_t>(static_cast<int64_t>(std::get<double>(r.groups[0].values[0])), 0, 120);
}

TEST(DpTester, PassesABoundedSum) {
  // 20 persons summing 60; the neighbour adds one person contributing the bound, 5.
  auto mech = [](bool neighbour, NoiseSource& src) {
    return neighbour ? ReleasedSum(21, 65, {0, 5}, src) : ReleasedSum(20, 60, {0, 5}, src);
  };
  auto r = TestEpsilonDp(mech, 1.0, 0, kRuns, 15);
  EXPECT_FALSE(r.violation) << "output " << r.worst_output << " ratio "
                            << r.worst_ratio_lower_bound;
}

TEST(DpTester, FlagsASumWhoseSensitivityIgnoresTheData) {
  // The policy says [0, 1] but the person's 5 was not clamped: the noise is scaled for a
  // sensitivity of 1 while the answer moves by 5. This is why bounds are enforced by
  // clamping and sensitivities come from the policy.
  auto mech = [](bool neighbour, NoiseSource& src) {
    return neighbour ? ReleasedSum(21, 65, {0, 1}, src) : ReleasedSum(20, 60, {0, 1}, src);
  };
  auto r = TestEpsilonDp(mech, 1.0, 0, kRuns, 16);
  EXPECT_TRUE(r.violation);
}

TEST(DpTester, PassesGroupSelectionWithDelta) {
  // Neighbours: a group that only one person makes up, present or absent. Under
  // (epsilon, delta)-DP the group may appear with probability at most delta
  // more.
  auto table = [](bool present) {
    AggregateTable t;
    t.aggregates.push_back(AggregateSpec{AggregateKind::kCountDistinct, "n", ColumnType::kInt, {}});
    t.grouped = true;
    if (present) t.groups.push_back(ExactGroup{{std::string("g")}, 1, {ExactAggregate{1}}});
    return t;
  };
  AggregateTable with = table(true), without = table(false);
  auto mech = [&](bool neighbour, NoiseSource& src) -> int64_t {
    ReleaseParams params = ReleaseParams::Create(Epsilon::FromDouble(1.0).value(), 1e-6, 1).value();
    ReleasedTable r = ReleaseWithDp(neighbour ? without : with, params, src).value();
    return static_cast<int64_t>(r.groups.size());
  };
  auto r = TestEpsilonDp(mech, 1.0, 1e-6, kRuns, 14);
  EXPECT_FALSE(r.violation);
}

}  // namespace
}  // namespace cleanroom

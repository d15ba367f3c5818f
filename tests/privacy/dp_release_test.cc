#include "privacy/dp_release.h"

#include <gtest/gtest.h>

#include <cmath>

#include "storage/column_vector.h"

namespace cleanroom {
namespace {

Epsilon Eps(double e) { return Epsilon::FromDouble(e).value(); }

// epsilon 10^6 makes every noise scale tiny (about 10^-6 units): the draws are
// 0 with probability 1 - 10^-100000, so these tests see exact values through
// the real code path.
ReleaseParams Sharp(int64_t k) { return ReleaseParams::Create(Eps(1e6), 1e-6, k).value(); }

AggregateSpec Spec(AggregateKind kind, const char* name, ColumnType type = ColumnType::kInt,
                   std::optional<MetricBounds> bounds = std::nullopt) {
  return AggregateSpec{kind, name, type, bounds};
}

// GROUP BY g: COUNT(DISTINCT id), SUM(int metric in [0, 5]), AVG(same metric).
AggregateTable Grouped() {
  AggregateTable t;
  t.aggregates = {Spec(AggregateKind::kCountDistinct, "users"),
                  Spec(AggregateKind::kSum, "items", ColumnType::kInt, MetricBounds{0, 5}),
                  Spec(AggregateKind::kAvg, "avg_items", ColumnType::kInt, MetricBounds{0, 5})};
  t.grouped = true;
  t.groups = {ExactGroup{{std::string("a")}, 30, {{30, 0, 0, 0}, {30, 90, 0, 0}, {30, 90, 0, 0}}},
              ExactGroup{{std::string("b")}, 10, {{10, 0, 0, 0}, {10, 20, 0, 0}, {10, 20, 0, 0}}},
              ExactGroup{{std::string("c")}, 12, {{12, 0, 0, 0}, {12, 60, 0, 0}, {12, 60, 0, 0}}}};
  return t;
}

TEST(DpRelease, ReleasesGroupsAboveTheRaisedThreshold) {
  SeededNoiseSource src(1);
  ReleasedTable r = ReleaseWithDp(Grouped(), Sharp(10), src).value();
  // tau = k + 1 here: "b" with exactly 10 persons is not shown; "a" and "c"
  // are.
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_EQ(std::get<std::string>(r.groups[0].key[0]), "a");
  EXPECT_EQ(std::get<int64_t>(r.groups[0].values[0]), 30);
  EXPECT_EQ(std::get<double>(r.groups[0].values[1]), 90.0);
  EXPECT_EQ(std::get<double>(r.groups[0].values[2]), 3.0);
  EXPECT_EQ(std::get<std::string>(r.groups[1].key[0]), "c");
  EXPECT_EQ(std::get<int64_t>(r.groups[1].values[0]), 12);
  EXPECT_EQ(std::get<double>(r.groups[1].values[1]), 60.0);
  EXPECT_EQ(std::get<double>(r.groups[1].values[2]), 5.0);
  EXPECT_EQ(r.suppressed_groups, 0u);
  ASSERT_EQ(r.noise.size(), 3u);
  for (const auto& n : r.noise) {
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->mechanism, "discrete_laplace");
    EXPECT_EQ(n->ci95, 0.0);
  }
  // COUNT(DISTINCT): scale 1 * 10^6 * 4 / 10^12.
  EXPECT_DOUBLE_EQ(r.noise[0]->scale, 4e-6);
}

TEST(DpRelease, WholeTableBelowKIsWithheld) {
  AggregateTable t;
  t.aggregates = {Spec(AggregateKind::kCountStar, "rows")};
  t.groups = {ExactGroup{{}, 3, {{3, 0, 0, 0}}}};
  SeededNoiseSource src(2);
  EXPECT_TRUE(ReleaseWithDp(t, Sharp(10), src)->groups.empty());
  t.groups[0] = ExactGroup{{}, 10, {{25, 0, 0, 0}}};
  ReleasedTable r = ReleaseWithDp(t, Sharp(10), src).value();  // tau = k for a whole table
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(r.groups[0].values[0]), 25);
  t.groups.clear();  // no data at all: the one row is still a candidate, and
                     // withheld
  EXPECT_TRUE(ReleaseWithDp(t, Sharp(1), src)->groups.empty());
}

TEST(DpRelease, NoiseInfoInOutputUnits) {
  // The worked example's query (docs/privacy.md) at epsilon 0.5: COUNT(DISTINCT) and SUM(decimal in
  // [0, 500]), three shares of 1/6 each: scale 1 / (1/6) = 6 users and 500 / (1/6) = 3000 dollars.
  AggregateTable t;
  t.aggregates = {
      Spec(AggregateKind::kCountDistinct, "converted_users"),
      Spec(AggregateKind::kSum, "total_revenue", ColumnType::kDecimal, MetricBounds{0, 500})};
  t.grouped = true;
  t.groups = {ExactGroup{{std::string("sg_fall25")}, 1532, {{1532}, {1532, 482115000}}}};
  SeededNoiseSource src(3);
  ReleasedTable r =
      ReleaseWithDp(t, ReleaseParams::Create(Eps(0.5), 1e-6, 10).value(), src).value();
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_EQ(r.noise[0]->mechanism, "discrete_laplace");
  EXPECT_EQ(r.noise[0]->scale, 6.0);
  EXPECT_EQ(r.noise[0]->ci95, 18.0);
  EXPECT_EQ(r.noise[1]->scale, 3000.0);
  EXPECT_EQ(r.noise[1]->ci95, 8987.1968);
  // The noisy values are within 10 scales of the truth (fails with probability
  // < 1e-4 for a fresh seed; the seed is fixed).
  EXPECT_NEAR(static_cast<double>(std::get<int64_t>(r.groups[0].values[0])), 1532, 60);
  EXPECT_NEAR(std::get<double>(r.groups[0].values[1]), 48211.5, 30000);
}

TEST(DpRelease, SameSeedSameRelease) {
  auto run = [](uint64_t seed) {
    SeededNoiseSource src(seed);
    return ReleaseWithDp(Grouped(), ReleaseParams::Create(Eps(0.3), 1e-6, 2).value(), src).value();
  };
  ReleasedTable a = run(7), b = run(7);
  ASSERT_EQ(a.groups.size(), b.groups.size());
  for (size_t i = 0; i < a.groups.size(); ++i) EXPECT_EQ(a.groups[i].values, b.groups[i].values);
}

TEST(DpRelease, AverageStaysInsideTheBounds) {
  // Tiny epsilon, tiny groups: noisy counts are often <= 0, yet AVG is always a
  // number in [0, 5] (post-processing of the noisy SUM and COUNT).
  AggregateTable t;
  t.aggregates = {Spec(AggregateKind::kAvg, "avg", ColumnType::kInt, MetricBounds{0, 5})};
  t.grouped = false;
  t.groups = {ExactGroup{{}, 1000, {{2, 4, 0, 0}}}};
  SeededNoiseSource src(4);
  ReleaseParams p = ReleaseParams::Create(Eps(0.01), 0, 1).value();
  int released = 0;
  for (int i = 0; i < 200; ++i) {
    ReleasedTable r = ReleaseWithDp(t, p, src).value();
    if (r.groups.empty()) continue;
    ++released;
    double v = std::get<double>(r.groups[0].values[0]);
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 5.0);
  }
  EXPECT_GT(released, 0);
}

TEST(DpRelease, RefusesMinMaxAndUnboundedSums) {
  SeededNoiseSource src(5);
  AggregateTable t;
  t.aggregates = {Spec(AggregateKind::kMax, "top", ColumnType::kInt, MetricBounds{0, 5})};
  auto r = ReleaseWithDp(t, Sharp(1), src);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRejected);
  EXPECT_EQ(r.error().message,
            "MIN and MAX cannot be released under "
            "differential privacy (top); use COUNT, SUM or "
            "AVG, or a room whose policy has \"dp\": null");
  t.aggregates = {Spec(AggregateKind::kSum, "total", ColumnType::kInt)};
  r = ReleaseWithDp(t, Sharp(1), src);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRejected);
  EXPECT_EQ(r.error().message,
            "total: SUM and AVG under DP need the metric's bounds in the policy");
  t.aggregates = {Spec(AggregateKind::kSum, "total", ColumnType::kDecimal, MetricBounds{9, 1})};
  r = ReleaseWithDp(t, Sharp(1), src);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "metric bounds [9, 1] must be finite with lo <= hi");
}

TEST(DpRelease, RefusesParametersThatWouldOverflow) {
  SeededNoiseSource src(6);
  AggregateTable t;
  t.aggregates = {Spec(AggregateKind::kSum, "total", ColumnType::kInt, MetricBounds{0, 1e15})};
  t.max_groups_per_person = 1'000'000;
  auto r = ReleaseWithDp(t, Sharp(1), src);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRejected);
  EXPECT_EQ(r.error().message,
            "total: the sensitivity overflows; narrow the "
            "bounds or max_groups_per_person");
  t.max_groups_per_person = 1;
  t.aggregates = {Spec(AggregateKind::kSum, "total", ColumnType::kInt, MetricBounds{0, 1e16})};
  r = ReleaseWithDp(t, Sharp(1), src);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "metric bounds [0, 1e+16] are too large for "
            "fixed point: |bound| * 1 must be at most "
            "2^53");
}

TEST(DpRelease, GroupedNeedsDelta) {
  SeededNoiseSource src(7);
  auto r = ReleaseWithDp(Grouped(), ReleaseParams::Create(Eps(1), 0, 1).value(), src);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRejected);
}

TEST(ReleaseParams, Validates) {
  auto k0 = ReleaseParams::Create(Eps(1), 0, 0);
  ASSERT_FALSE(k0.ok());
  EXPECT_EQ(k0.error().code, ErrorCode::kUsage);
  EXPECT_EQ(k0.error().message, "k_min must be >= 1 (got 0)");
  auto d1 = ReleaseParams::Create(Eps(1), 1.0, 1);
  ASSERT_FALSE(d1.ok());
  EXPECT_EQ(d1.error().message, "delta must be in [0, 1) (got 1)");
}

}  // namespace
}  // namespace cleanroom

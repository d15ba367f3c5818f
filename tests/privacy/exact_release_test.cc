// The k threshold: which k applies (policy/k_min.h) and the exact release that enforces it
// (privacy/exact_release.h), the one implementation that the engine runs.
#include "privacy/exact_release.h"

#include <gtest/gtest.h>

#include "policy/k_min.h"

namespace cleanroom {
namespace {

TEST(KThreshold, TheStrictestKWins) {
  PrivacyParams p;
  p.k_min = 10;
  DatasetSpec lax, strict, none;
  lax.k_min = 5;
  strict.k_min = 50;
  EXPECT_EQ(EffectiveKMin(p, {}), 10);
  EXPECT_EQ(EffectiveKMin(p, {&none, nullptr}), 10);
  EXPECT_EQ(EffectiveKMin(p, {&lax}), 10);  // a dataset cannot lower the room's k
  EXPECT_EQ(EffectiveKMin(p, {&lax, &strict, &none}), 50);
}

TEST(KThreshold, ExactRule) {
  EXPECT_TRUE(PassesK(10, 10));
  EXPECT_FALSE(PassesK(9, 10));
  EXPECT_TRUE(PassesK(0, 1));  // k = 1: no threshold, SQL's empty whole-table row
  EXPECT_FALSE(PassesK(1, 2));
}

AggregateTable TwoGroups() {
  AggregateTable t;
  t.grouped = true;
  t.aggregates = {AggregateSpec{AggregateKind::kCountStar, "n", ColumnType::kInt, std::nullopt},
                  AggregateSpec{AggregateKind::kSum, "s", ColumnType::kDecimal, std::nullopt},
                  AggregateSpec{AggregateKind::kAvg, "a", ColumnType::kInt, std::nullopt}};
  ExactGroup small{{std::string("hats")}, 2, {{3, 0, 0, 0}, {3, 12345, 0, 0}, {3, 10, 0, 0}}};
  ExactGroup big{{std::string("shoes")}, 5, {{7, 0, 0, 0}, {0, 0, 0, 0}, {4, 10, 0, 0}}};
  t.groups = {small, big};
  return t;
}

TEST(ExactRelease, SuppressesGroupsBelowKAndCountsThem) {
  ReleasedTable r = ExactRelease(TwoGroups(), 3);
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_EQ(r.suppressed_groups, 1u);
  EXPECT_EQ(std::get<std::string>(r.groups[0].key[0]), "shoes");
  EXPECT_EQ(std::get<int64_t>(r.groups[0].values[0]), 7);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(r.groups[0].values[1]));  // SUM of nothing
  EXPECT_DOUBLE_EQ(std::get<double>(r.groups[0].values[2]), 2.5);
  ASSERT_EQ(r.noise.size(), 3u);
  EXPECT_FALSE(r.noise[0].has_value());
}

TEST(ExactRelease, KOneReleasesEveryGroupWithExactValues) {
  ReleasedTable r = ExactRelease(TwoGroups(), 1);
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_EQ(r.suppressed_groups, 0u);
  EXPECT_DOUBLE_EQ(std::get<double>(r.groups[0].values[1]), 1.2345);  // fixed point / 10^4
  EXPECT_DOUBLE_EQ(std::get<double>(r.groups[0].values[2]), 10.0 / 3.0);
}

TEST(ExactRelease, SumsBeyondSixtyFourBitsAreExactUntilTheDouble) {
  AggregateTable t;
  t.aggregates = {AggregateSpec{AggregateKind::kSum, "s", ColumnType::kInt, std::nullopt}};
  __int128 big = static_cast<__int128>(INT64_MAX) * 4;  // four persons at INT64_MAX
  t.groups = {ExactGroup{{}, 4, {{4, big, 0, 0}}}};
  ReleasedTable r = ExactRelease(t, 1);
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_DOUBLE_EQ(std::get<double>(r.groups[0].values[0]), 4.0 * 9223372036854775807.0);
}

}  // namespace
}  // namespace cleanroom

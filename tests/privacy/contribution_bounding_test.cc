#include "privacy/contribution_bounding.h"

#include <gtest/gtest.h>

#include <limits>
#include <map>

#include "storage/column_vector.h"

namespace cleanroom {
namespace {

TEST(SampleIndices, TakesAllWhenThereAreFewEnough) {
  SeededNoiseSource src(1);
  EXPECT_EQ(SampleIndices(3, 5, src), (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(SampleIndices(3, 3, src), (std::vector<size_t>{0, 1, 2}));
  EXPECT_TRUE(SampleIndices(0, 2, src).empty());
  EXPECT_TRUE(SampleIndices(4, 0, src).empty());
}

TEST(SampleIndices, EverySubsetIsEquallyLikely) {
  // 2 of 5: 10 subsets, 100000 draws, 10000 expected each; 9000..11000 is 10.5
  // deviations (false failure far below 1e-6). The first-seen subset {0, 1}
  // gets no favour.
  SeededNoiseSource src(2);
  std::map<std::vector<size_t>, int> seen;
  for (int i = 0; i < 100000; ++i) {
    std::vector<size_t> s = SampleIndices(5, 2, src);
    ASSERT_EQ(s.size(), 2u);
    ASSERT_LT(s[0], s[1]);
    ++seen[s];
  }
  EXPECT_EQ(seen.size(), 10u);
  for (const auto& [subset, n] : seen) {
    EXPECT_GT(n, 9000);
    EXPECT_LT(n, 11000);
  }
}

TEST(FixedBounds, ClampsAPartialBeyondSixtyFourBits) {
  FixedBounds b = ToFixedBounds({0, 10}, ColumnType::kInt).value();
  EXPECT_EQ(b.Clamp(-5), 0);
  EXPECT_EQ(b.Clamp(15), 10);
  EXPECT_EQ(b.Clamp(7), 7);
  EXPECT_EQ(b.Clamp(static_cast<__int128>(INT64_MAX) * 3), 10);
  EXPECT_EQ(b.Clamp(static_cast<__int128>(INT64_MIN) * 3), 0);
}

TEST(FixedBounds, DecimalsInFixedPoint) {
  FixedBounds f = ToFixedBounds({0, 500}, ColumnType::kDecimal).value();
  EXPECT_EQ(f.lo, 0);
  EXPECT_EQ(f.hi, 500 * kDecimalScale);
  EXPECT_EQ(f.unit, kDecimalScale);
  EXPECT_EQ(f.Sensitivity(), 5'000'000);
  FixedBounds g = ToFixedBounds({-20, 5}, ColumnType::kInt).value();
  EXPECT_EQ(g.lo, -20);
  EXPECT_EQ(g.hi, 5);
  EXPECT_EQ(g.unit, 1);
  EXPECT_EQ(g.Sensitivity(), 20);
  // Inside the declared bounds: lo rounds up, hi rounds down.
  FixedBounds h = ToFixedBounds({0.5, 9.5}, ColumnType::kInt).value();
  EXPECT_EQ(h.lo, 1);
  EXPECT_EQ(h.hi, 9);
}

TEST(FixedBounds, RejectsBadBounds) {
  const double inf = std::numeric_limits<double>::infinity();
  struct Case {
    MetricBounds b;
    ColumnType t;
    const char* message;
  };
  for (const Case& c :
       {Case{{5, 1}, ColumnType::kInt, "metric bounds [5, 1] must be finite with lo <= hi"},
        Case{{0, inf}, ColumnType::kInt, "metric bounds [0, inf] must be finite with lo <= hi"},
        Case{{0, 1e12},
             ColumnType::kDecimal,
             "metric bounds [0, 1e+12] are too large for fixed point: |bound| "
             "* 10000 must be at "
             "most 2^53"},
        Case{{0.00001, 0.00002},
             ColumnType::kDecimal,
             "metric bounds [1e-05, 2e-05] are narrower than one fixed-point "
             "unit (1/10000)"},
        Case{
            {0, 1}, ColumnType::kString, "only int and decimal metrics have bounds, not string"}}) {
    auto r = ToFixedBounds(c.b, c.t);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.error().code, ErrorCode::kRejected);
    EXPECT_EQ(r.error().message, c.message);
  }
}

}  // namespace
}  // namespace cleanroom

// Metric bounds in fixed point: the one conversion the policy reader, the engine's clamp
// and the DP release share.
#include "policy/metric_bounds.h"

#include <gtest/gtest.h>

#include <limits>

namespace cleanroom {
namespace {

TEST(FixedBounds, DecimalsAndIntsInFixedPoint) {
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

TEST(FixedBounds, ClampsAPartialBeyondSixtyFourBits) {
  FixedBounds b = ToFixedBounds({0, 10}, ColumnType::kInt).value();
  EXPECT_EQ(b.Clamp(-5), 0);
  EXPECT_EQ(b.Clamp(15), 10);
  EXPECT_EQ(b.Clamp(7), 7);
  EXPECT_EQ(b.Clamp(static_cast<__int128>(INT64_MAX) * 3), 10);
  EXPECT_EQ(b.Clamp(static_cast<__int128>(INT64_MIN) * 3), 0);
}

TEST(FixedBounds, RefusesBoundsTheEngineCannotUse) {
  auto message = [](MetricBounds b, ColumnType t) {
    Result<FixedBounds> r = ToFixedBounds(b, t);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kRejected);
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_EQ(message({0.5, 0.7}, ColumnType::kInt),
            "metric bounds [0.5, 0.7] contain no integer, so every sum would be clamped to "
            "nothing");
  EXPECT_EQ(message({0.00001, 0.00002}, ColumnType::kDecimal),
            "metric bounds [1e-05, 2e-05] contain no multiple of 0.0001, so every sum would be "
            "clamped to nothing");
  EXPECT_EQ(message({0, 1e12}, ColumnType::kDecimal),
            "metric bounds [0, 1e+12] are too large for fixed point: |bound| * 10000 "
            "must be at most 2^53");
  EXPECT_EQ(message({3, 1}, ColumnType::kInt), "metric bounds [3, 1] must be finite with lo <= hi");
  EXPECT_EQ(message({0, std::numeric_limits<double>::infinity()}, ColumnType::kInt),
            "metric bounds [0, inf] must be finite with lo <= hi");
  EXPECT_EQ(message({0, 1}, ColumnType::kString),
            "only int and decimal metrics have bounds, not string");
}

}  // namespace
}  // namespace cleanroom

#include "privacy/noise_source.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "privacy/discrete_laplace.h"

namespace cleanroom {
namespace {

TEST(SeededNoiseSource, SameSeedSameBitsDifferentSeedDifferentBits) {
  SeededNoiseSource a(42), b(42), c(43);
  std::vector<uint64_t> va, vb, vc;
  for (int i = 0; i < 8; ++i) {
    va.push_back(a.NextU64());
    vb.push_back(b.NextU64());
    vc.push_back(c.NextU64());
  }
  EXPECT_EQ(va, vb);
  EXPECT_NE(va, vc);
}

TEST(SeededNoiseSource, IsATwinForDeterministicNoise) {
  DiscreteLaplace lap = DiscreteLaplace::Create(Rational{2, 1}).value();
  SeededNoiseSource a(9), b(9);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(lap.Sample(a), lap.Sample(b));
  }
}

TEST(NoiseSource, UniformBelowStaysInRangeAndCoversIt) {
  SeededNoiseSource src(1);
  std::array<int, 7> seen{};
  for (int i = 0; i < 7000; ++i) {
    uint64_t v = src.UniformBelow(7);
    ASSERT_LT(v, 7u);
    ++seen[v];
  }
  // Each bucket expects 1000; 700 is more than 9 standard deviations away.
  for (int c : seen) EXPECT_GT(c, 700);
  EXPECT_EQ(src.UniformBelow(1), 0u);
}

TEST(NoiseSource, UniformBelow128CoversTheHighBits) {
  SeededNoiseSource src(2);
  const UInt128 bound = (UInt128{3} << 64) + 5;
  int high = 0;
  for (int i = 0; i < 3000; ++i) {
    UInt128 v = src.UniformBelow128(bound);
    ASSERT_LT(v, bound);
    if ((v >> 64) == 2) ++high;
  }
  // P[high word == 2] is about 1/3: 1000 expected, 700 is over 11 deviations
  // away.
  EXPECT_GT(high, 700);
}

TEST(CsprngNoiseSource, GivesDifferentBits) {
  CsprngNoiseSource src;
  EXPECT_NE(src.NextU64(), src.NextU64());
}

TEST(DiscreteLaplace, BuilderRejectsBadScales) {
  for (Rational r : {Rational{0, 1}, Rational{1, 0}, Rational{(UInt128{1} << 100) + 1, 1},
                     Rational{1, (UInt128{1} << 64) + 1}}) {
    auto lap = DiscreteLaplace::Create(r);
    ASSERT_FALSE(lap.ok());
    EXPECT_EQ(lap.error().code, ErrorCode::kRejected);
    EXPECT_EQ(lap.error().message,
              "discrete Laplace: the scale must be a "
              "fraction num/den with 0 < num <= 2^100 and "
              "0 < den <= 2^64");
  }
}

TEST(DiscreteLaplace, IntervalMatchesTheContractExample) {
  // docs/privacy.md, worked example: scale 2.0, ci95 6.0.
  DiscreteLaplace lap = DiscreteLaplace::Create(Rational{2, 1}).value();
  EXPECT_EQ(lap.ScaleAsDouble(), 2.0);
  EXPECT_EQ(lap.Ci95HalfWidth(), 6);
  double mass = 0;
  for (int64_t y = -6; y <= 6; ++y) mass += lap.Pmf(y);
  EXPECT_GE(mass, 0.95);
  EXPECT_LT(mass - lap.Pmf(6) - lap.Pmf(-6), 0.95);
  EXPECT_EQ(DiscreteLaplace::Create(Rational{1, 1000}).value().Ci95HalfWidth(), 0);
}

TEST(DiscreteLaplace, IntervalStaysExactAtScalesBeyondSixtyFourBits) {
  // For a large scale b the width is about b ln 20; e^(-1/b) rounds to 1 in a
  // double, which must not make the width infinite or saturate at 2^63.
  for (double b : {1e6, 2.7e16, 1e24}) {
    UInt128 num = static_cast<UInt128>(b);
    double w = DiscreteLaplace::Create(Rational{num, 1}).value().Ci95HalfWidth();
    EXPECT_NEAR(w / (b * std::log(20.0)), 1.0, 1e-6) << b;
    EXPECT_EQ(w, std::floor(w)) << b;
  }
}

}  // namespace
}  // namespace cleanroom

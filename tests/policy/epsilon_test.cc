#include "policy/epsilon.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace cleanroom {
namespace {

TEST(Epsilon, HoldsWholeMillionths) {
  EXPECT_EQ(Epsilon::FromDouble(0.5)->micros(), 500000);
  EXPECT_EQ(Epsilon::FromDouble(0.3)->micros(),
            300000);  // 0.3 * 1e6 is not exact in binary
  EXPECT_EQ(Epsilon::FromDouble(0.1234567)->micros(),
            123456);  // rounds down: never more
  EXPECT_EQ(Epsilon::FromDouble(3.0)->value(), 3.0);
  EXPECT_EQ(Epsilon::FromMicros(7)->micros(), 7);
}

TEST(Epsilon, RejectsBadValues) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  struct Case {
    double v;
    const char* message;
  };
  for (const Case& c : {Case{0, "epsilon must be a finite number > 0 (got 0)"},
                        Case{-1, "epsilon must be a finite number > 0 (got -1)"},
                        Case{nan, "epsilon must be a finite number > 0 (got nan)"},
                        Case{inf, "epsilon must be a finite number > 0 (got inf)"},
                        Case{1e-7, "epsilon must be at least 0.000001 (got 1e-07)"},
                        Case{2e6, "epsilon must be at most 1000000 (got 2e+06)"}}) {
    auto e = Epsilon::FromDouble(c.v);
    ASSERT_FALSE(e.ok()) << c.v;
    EXPECT_EQ(e.error().code, ErrorCode::kUsage);
    EXPECT_EQ(e.error().message, c.message);
  }
  EXPECT_EQ(Epsilon::FromDouble(-2, "--epsilon").error().message,
            "--epsilon must be a finite number > 0 (got -2)");
  EXPECT_EQ(Epsilon::FromMicros(0).error().message,
            "epsilon must be between 1 and 10^12 millionths (got 0)");
}

TEST(Delta, MustBeInZeroOne) {
  EXPECT_TRUE(ValidateDelta(0).ok());
  EXPECT_TRUE(ValidateDelta(1e-6).ok());
  for (double d : {1.0, -1e-9, 2.0, std::numeric_limits<double>::quiet_NaN()}) {
    Status s = ValidateDelta(d);
    ASSERT_FALSE(s.ok()) << d;
    EXPECT_EQ(s.error().code, ErrorCode::kUsage);
  }
  EXPECT_EQ(ValidateDelta(1.0).error().message, "delta must be in [0, 1) (got 1)");
}

}  // namespace
}  // namespace cleanroom

#include "privacy/group_selection.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cleanroom {
namespace {

Epsilon Eps(double e) { return Epsilon::FromDouble(e).value(); }

TEST(GroupSelection, ThresholdRaisedForEpsilonAndDelta) {
  // b = 1, a = e^-1: j = ceil(ln(1 / (1.3679 * 1e-6))) = ceil(13.50) = 14; tau
  // = 10 + 14.
  GroupSelection s = GroupSelection::Create(Eps(1), 1, 1e-6, 10, 1, true).value();
  EXPECT_EQ(s.threshold(), 24);
  EXPECT_EQ(s.noise().ScaleAsDouble(), 1.0);
  // Two groups per person: scale 2, delta / 2 per group: j = ceil(2 ln(2 /
  // (1.6065e-6))).
  GroupSelection m2 = GroupSelection::Create(Eps(1), 1, 1e-6, 10, 2, true).value();
  EXPECT_EQ(m2.threshold(), 10 + 29);
  // epsilon 0.5 split 3 ways: scale 6.
  GroupSelection split = GroupSelection::Create(Eps(0.5), 3, 1e-6, 1, 1, true).value();
  EXPECT_EQ(split.noise().ScaleAsDouble(), 6.0);
}

TEST(GroupSelection, WholeTableUsesKAlone) {
  GroupSelection s = GroupSelection::Create(Eps(1), 2, 0, 10, 1, false).value();
  EXPECT_EQ(s.threshold(), 10);
}

TEST(GroupSelection, GroupedNeedsDelta) {
  auto s = GroupSelection::Create(Eps(1), 2, 0, 10, 1, true);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kRejected);
  EXPECT_EQ(s.error().message,
            "grouped queries under DP need delta > 0 in the "
            "policy (which groups appear is itself "
            "private); add privacy.dp.delta, e.g. 1e-6");
}

TEST(GroupSelection, OnePersonGroupAlmostNeverAppears) {
  // P[keep | 1 person] <= 1e-6: checked analytically (tau is the smallest
  // threshold that satisfies it), then by sampling with a fixed seed.
  GroupSelection s = GroupSelection::Create(Eps(1), 1, 1e-6, 1, 1, true).value();
  double a = std::exp(-1.0);
  int64_t j = s.threshold() - 1;
  EXPECT_LE(std::pow(a, static_cast<double>(j)) / (1 + a), 1e-6);
  EXPECT_GT(std::pow(a, static_cast<double>(j - 1)) / (1 + a),
            1e-6);  // and no higher than needed
  SeededNoiseSource src(1);
  int kept = 0;
  for (int i = 0; i < 100000; ++i) kept += s.Keep(1, src) ? 1 : 0;
  EXPECT_EQ(kept, 0);  // fixed seed; expected 0.1 keeps
  int big = 0;
  for (int i = 0; i < 1000; ++i) big += s.Keep(100, src) ? 1 : 0;
  EXPECT_EQ(big, 1000);  // 100 is 86 scales above tau
}

}  // namespace
}  // namespace cleanroom

#include "privacy/k_threshold.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

TEST(KThreshold, TheStrictestKWins) {
  PrivacyParams p;
  p.k_min = 10;
  DatasetSpec lax, strict, none;
  lax.k_min = 5;
  strict.k_min = 50;
  EXPECT_EQ(EffectiveKMin(p, {}), 10);
  EXPECT_EQ(EffectiveKMin(p, {&none}), 10);
  EXPECT_EQ(EffectiveKMin(p, {&lax}),
            10);  // a dataset cannot lower the room's k
  EXPECT_EQ(EffectiveKMin(p, {&lax, &strict, &none}), 50);
}

TEST(KThreshold, ExactRule) {
  EXPECT_TRUE(PassesK(10, 10));
  EXPECT_FALSE(PassesK(9, 10));
  EXPECT_FALSE(PassesK(0, 1));
}

}  // namespace
}  // namespace cleanroom

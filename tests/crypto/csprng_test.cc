#include "crypto/csprng.h"

#include <gtest/gtest.h>

#include <array>

namespace cleanroom {
namespace {

TEST(Csprng, UniformStaysInRangeAndCoversIt) {
  std::array<int, 7> seen{};
  for (int i = 0; i < 7000; ++i) {
    uint64_t v = RandomUniform(7);
    ASSERT_LT(v, 7u);
    ++seen[v];
  }
  // Each bucket expects 1000; 700 is more than 9 standard deviations away.
  for (int c : seen) EXPECT_GT(c, 700);
  EXPECT_EQ(RandomUniform(1), 0u);
}

TEST(Csprng, BytesDiffer) { EXPECT_NE(RandomBytes(32), RandomBytes(32)); }

}  // namespace
}  // namespace cleanroom

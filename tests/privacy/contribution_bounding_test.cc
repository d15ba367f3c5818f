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

}  // namespace
}  // namespace cleanroom

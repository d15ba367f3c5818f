#include "crypto/secret_bytes.h"

#include <gtest/gtest.h>

#include <type_traits>

namespace cleanroom {
namespace {

static_assert(!std::is_copy_constructible_v<SecretBytes>);
static_assert(!std::is_copy_assignable_v<SecretBytes>);

TEST(SecretBytes, MoveLeavesSourceEmptyAndCompareIsExact) {
  SecretBytes a = SecretBytes::CopyOf(AsBytes("key!"));
  SecretBytes b = std::move(a);
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): checking the moved-from state
  EXPECT_EQ(b.size(), 4u);
  EXPECT_TRUE(b.Equals(b.Clone()));
  EXPECT_FALSE(b.Equals(SecretBytes::CopyOf(AsBytes("key?"))));
}

TEST(SecretBytes, WipeZeroes) {
  std::string s = "hunter2";
  WipeString(s);
  EXPECT_TRUE(s.empty());
  Bytes b = {1, 2, 3};
  WipeBytes(b);
  EXPECT_EQ(b, (Bytes{0, 0, 0}));
}

}  // namespace
}  // namespace cleanroom

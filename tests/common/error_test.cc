#include "common/error.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

TEST(Error, ExitCodesFollowTheContract) {
  EXPECT_EQ(ExitCodeFor(ErrorCode::kInternal), 1);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kIo), 1);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kUsage), 2);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kRejected), 3);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kPrivacy), 4);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kIntegrity), 5);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kBadInput), 6);
}

Result<int> Half(int x) {
  if (x % 2 != 0) return MakeError(ErrorCode::kBadInput, "odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  CR_ASSIGN_OR_RETURN(int h, Half(x));
  CR_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(Error, MacrosPropagate) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "odd");
}

TEST(Error, OneLineTextWritesControlCharactersOut) {
  EXPECT_EQ(OneLineText("plain text, caf\xc3\xa9"), "plain text, caf\xc3\xa9");
  EXPECT_EQ(OneLineText("a\nb\r\tc\x1b[0m\x7f"), "a\\x0ab\\x0d\\x09c\\x1b[0m\\x7f");
  EXPECT_EQ(OneLineText(std::string("\0x", 2)), "\\x00x");
  EXPECT_EQ(OneLineText(""), "");
}

}  // namespace
}  // namespace cleanroom

#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace cleanroom {
namespace {

TEST(Utf8, WellFormedSequences) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii, long enough for the 8-byte path"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));  // é € 😀
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));                           // U+10FFFF
  EXPECT_TRUE(IsValidUtf8("\xed\x9f\xbf"));                               // U+D7FF
  EXPECT_EQ(Utf8SequenceLength("\xe2\x82\xac", 0), 3u);
  EXPECT_TRUE(IsAscii("abc"));
  EXPECT_FALSE(IsAscii("abcdefgh\xc3\xa9"));
}

// Each malformed input, and the offset of its first bad byte.
TEST(Utf8, MalformedSequencesAndWhere) {
  const std::pair<std::string, size_t> cases[] = {
      {"ab\xc0\x80", 2},        // overlong NUL
      {"\xe0\x80\xaf", 0},      // overlong 3-byte
      {"x\xed\xa0\x80", 1},     // surrogate U+D800
      {"\xf4\x90\x80\x80", 0},  // above U+10FFFF
      {"ok\xc3", 2},            // truncated
      {"\xc3\xa9\x80", 2},      // stray continuation
      {"12345678\xff", 8},      // never valid
      {"\xf0\x9f\x98", 0},      // truncated 4-byte
  };
  for (const auto& [text, where] : cases) {
    size_t bad = 999;
    EXPECT_FALSE(IsValidUtf8(text, &bad)) << text;
    EXPECT_EQ(bad, where) << text;
    EXPECT_FALSE(IsValidUtf8(text));
  }
}

}  // namespace
}  // namespace cleanroom

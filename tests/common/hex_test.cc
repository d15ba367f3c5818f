#include "common/hex.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

TEST(Hex, RoundTrip) {
  Bytes b = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(HexEncode(b), "0001abff");
  EXPECT_EQ(*HexDecode("0001ABff"), b);
}

TEST(Hex, RejectsBadText) {
  EXPECT_EQ(HexDecode("abc").error().message, "hex text has an odd number of digits");
  EXPECT_EQ(HexDecode("abzz").error().message, "hex text has a non-hex character at offset 2");
}

}  // namespace
}  // namespace cleanroom

#include "crypto/hkdf.h"

#include <gtest/gtest.h>

#include "common/hex.h"

namespace cleanroom {
namespace {

Bytes Hex(const char* h) { return *HexDecode(h); }

// RFC 5869 appendix A, test cases 1, 2 and 3.
TEST(HkdfSha256, Rfc5869Vectors) {
  auto okm1 = HkdfSha256(Bytes(22, 0x0b), Hex("000102030405060708090a0b0c"),
                         Hex("f0f1f2f3f4f5f6f7f8f9"), 42);
  ASSERT_TRUE(okm1.ok());
  EXPECT_EQ(HexEncode(okm1->view()),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");

  Bytes ikm2, salt2, info2;
  for (int i = 0; i < 80; ++i) {
    ikm2.push_back(static_cast<uint8_t>(i));
    salt2.push_back(static_cast<uint8_t>(0x60 + i));
    info2.push_back(static_cast<uint8_t>(0xb0 + i));
  }
  auto okm2 = HkdfSha256(ikm2, salt2, info2, 82);
  EXPECT_EQ(HexEncode(okm2->view()),
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41"
            "c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");

  auto okm3 = HkdfSha256(Bytes(22, 0x0b), {}, {}, 42);
  EXPECT_EQ(HexEncode(okm3->view()),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST(HkdfSha256, RejectsImpossibleLength) {
  auto r = HkdfSha256(Bytes(32, 1), {}, {}, 255 * 32 + 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "HKDF-SHA256 output length must be 1..8160 bytes");
}

}  // namespace
}  // namespace cleanroom

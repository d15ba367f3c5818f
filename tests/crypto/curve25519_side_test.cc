#include "crypto/curve25519_side.h"

#include <gtest/gtest.h>

#include <array>

#include "common/hex.h"

namespace cleanroom {
namespace {

std::array<uint8_t, 32> U(uint64_t small) {
  std::array<uint8_t, 32> u{};
  for (int i = 0; i < 8; ++i) u[i] = static_cast<uint8_t>(small >> (8 * i));
  return u;
}

// Expected sides computed independently (Python, Euler's criterion f^((p-1)/2) mod p for
// f = u^3 + 486662 u^2 + u): 0 is of order 2; 2, 3 and 5 are on the twist; 9 is the base point.
TEST(IsOnCurve25519, SmallCoordinates) {
  const bool on_curve[] = {false, true, false, false, true, false,
                           true,  true, true,  true,  true, true};
  for (uint64_t u = 0; u < 12; ++u) EXPECT_EQ(IsOnCurve25519(U(u).data()), on_curve[u]) << u;
}

TEST(IsOnCurve25519, ReducesModPAndIgnoresTheTopBit) {
  // p + 2 (= 2 mod p, the twist) and p + 9 (= 9, the curve), little-endian.
  Bytes p_plus_2 =
      HexDecode("efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").value();
  Bytes p_plus_9 =
      HexDecode("f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").value();
  EXPECT_FALSE(IsOnCurve25519(p_plus_2.data()));
  EXPECT_TRUE(IsOnCurve25519(p_plus_9.data()));
  std::array<uint8_t, 32> nine_top = U(9);
  nine_top[31] |= 0x80;
  EXPECT_TRUE(IsOnCurve25519(nine_top.data()));
  std::array<uint8_t, 32> two_top = U(2);
  two_top[31] |= 0x80;
  EXPECT_FALSE(IsOnCurve25519(two_top.data()));
}

// A 255-bit value: SHA-512("x") truncated to 32 bytes with the top bit cleared (Python: on
// the curve).
TEST(IsOnCurve25519, FullSizeCoordinate) {
  Bytes u = HexDecode("a4abd4448c49562d828115d13a1fccea927f52b4d5459297f8b43e42da89230b").value();
  EXPECT_TRUE(IsOnCurve25519(u.data()));
}

}  // namespace
}  // namespace cleanroom

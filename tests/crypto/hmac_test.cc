#include "crypto/hmac.h"

#include <gtest/gtest.h>

#include "common/hex.h"

namespace cleanroom {
namespace {

// RFC 4231 test cases 1, 2, 3, 6 and 7 (HMAC-SHA-256).
TEST(HmacSha256, Rfc4231Vectors) {
  struct Case {
    Bytes key;
    std::string data;
    const char* mac;
  };
  Case cases[] = {
      {Bytes(20, 0x0b), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {ToBytes("Jefe"), "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {Bytes(20, 0xaa), std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {Bytes(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {Bytes(131, 0xaa),
       "This is a test using a larger than block-size key and a larger than block-size data. "
       "The key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(HexEncode(HmacSha256(c.key, AsBytes(c.data))), c.mac);
    HmacSha256Key keyed(c.key);
    EXPECT_EQ(HexEncode(keyed.Compute(AsBytes(c.data))), c.mac);
    EXPECT_EQ(HexEncode(keyed.Compute(AsBytes(c.data))), c.mac) << "keyed state reused";
  }
}

// The keyed (precomputed-pad) path against OpenSSL's one-shot HMAC for every key length
// around the block size (empty, short, exactly 64, hashed when longer) and message lengths
// around the SHA-256 padding boundaries (55, 56, 64 bytes).
TEST(HmacSha256, KeyedStateMatchesOneShotAcrossLengths) {
  for (size_t key_len : {0, 1, 20, 32, 63, 64, 65, 131}) {
    Bytes key(key_len);
    for (size_t i = 0; i < key_len; ++i) key[i] = static_cast<uint8_t>(i * 7 + 3);
    HmacSha256Key keyed(key);
    for (size_t msg_len = 0; msg_len <= 200; ++msg_len) {
      Bytes msg(msg_len);
      for (size_t i = 0; i < msg_len; ++i) msg[i] = static_cast<uint8_t>(i * 13 + key_len);
      ASSERT_EQ(HexEncode(keyed.Compute(msg)), HexEncode(HmacSha256(key, msg)))
          << "key " << key_len << " bytes, message " << msg_len << " bytes";
    }
  }
}

TEST(HmacSha256, MovedKeyKeepsItsState) {
  HmacSha256Key a(ToBytes("Jefe"));
  HmacSha256Key b(std::move(a));
  EXPECT_EQ(HexEncode(b.Compute(AsBytes(std::string_view("what do ya want for nothing?")))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace cleanroom

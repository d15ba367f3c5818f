#include "crypto/blake2b.h"

#include <gtest/gtest.h>

#include "common/hex.h"

namespace cleanroom {
namespace {

// RFC 7693 Appendix A: BLAKE2b-512("abc").
TEST(Blake2b, Rfc7693AppendixA) {
  std::array<uint8_t, 64> out;
  Blake2b(AsBytes(std::string_view("abc")), out);
  EXPECT_EQ(HexEncode(out),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

// BLAKE2b-256 (the digest length is a parameter of the hash, so these differ from a
// truncated BLAKE2b-512); values from Python's hashlib.blake2b(digest_size=32), an
// implementation independent of libsodium.
TEST(Blake2b, Blake2b256KnownAnswers) {
  EXPECT_EQ(HexEncode(Blake2b256(AsBytes(std::string_view("")))),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(HexEncode(Blake2b256(AsBytes(std::string_view("abc")))),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  Bytes big(size_t{1} << 20);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i % 251);
  EXPECT_EQ(HexEncode(Blake2b256(big)),
            "8a5a7a9dc3cf203ed374b0a1eea930601ad2acbfe2b4bc62cf83de4ee536528b");
  EXPECT_EQ(Blake2b256Tagged(Blake2b256(AsBytes(std::string_view("abc")))),
            "blake2b256:bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

}  // namespace
}  // namespace cleanroom

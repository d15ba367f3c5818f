#include "crypto/sha256.h"

#include <gtest/gtest.h>

#include "common/hex.h"

namespace cleanroom {
namespace {

// FIPS 180-4 examples (NIST CSRC "SHA256.pdf").
TEST(Sha256, NistVectors) {
  EXPECT_EQ(HexEncode(Sha256(std::string_view("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha256(std::string_view(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256(
                std::string_view("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalMatchesOneShot) {
  Sha256Hasher h;
  h.Update(AsBytes("ab"));
  h.Update(AsBytes(""));
  h.Update(AsBytes("c"));
  EXPECT_EQ(h.Finish(), Sha256(std::string_view("abc")));
  EXPECT_EQ(Sha256Tagged(Sha256(std::string_view("abc"))).substr(0, 15), "sha256:ba7816bf");
}

}  // namespace
}  // namespace cleanroom

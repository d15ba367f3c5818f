#include "crypto/ed25519.h"

#include <gtest/gtest.h>

#include "common/hex.h"

namespace cleanroom {
namespace {

Bytes Hex(const char* h) { return *HexDecode(h); }

// RFC 8032 section 7.1, TEST 1, 2 and 3.
TEST(Ed25519, Rfc8032Vectors) {
  struct Case {
    const char* secret;
    const char* pub;
    const char* msg;
    const char* sig;
  };
  Case cases[] = {
      {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701c"
       "f9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0"
       "f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
      {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
       "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
       "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f76098"
       "4dc6594a7c15e9716ed28dc027beceea1ec40a"},
  };
  for (const auto& c : cases) {
    auto kp = Ed25519KeyPair::FromSeed(Hex(c.secret));
    ASSERT_TRUE(kp.ok());
    EXPECT_EQ(HexEncode(kp->public_key().bytes), c.pub);
    Bytes msg = Hex(c.msg);
    EXPECT_EQ(HexEncode(kp->Sign(msg)), c.sig);
    EXPECT_TRUE(Ed25519Verify(kp->public_key(), msg, Hex(c.sig)));
    Bytes bad = Hex(c.sig);
    bad[10] ^= 0x40;
    EXPECT_FALSE(Ed25519Verify(kp->public_key(), msg, bad));
  }
}

TEST(Ed25519, TextForms) {
  auto kp = Ed25519KeyPair::Generate();
  std::string text = kp.public_key().ToText();
  EXPECT_EQ(text.substr(0, 8), "ed25519:");
  EXPECT_EQ(*Ed25519PublicKey::FromText(text), kp.public_key());
  EXPECT_EQ(Ed25519PublicKey::FromText("rsa:AAAA").error().message,
            "an Ed25519 public key must start with \"ed25519:\" followed by base64");
  EXPECT_EQ(Ed25519PublicKey::FromText("ed25519:AAAA").error().message,
            "an Ed25519 public key must be 32 bytes, found 3");
  auto sig = kp.Sign(AsBytes("m"));
  EXPECT_EQ(*SignatureFromText(SignatureToText(sig)), sig);
}

}  // namespace
}  // namespace cleanroom

#include "crypto/sealed_box.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

TEST(SealedBox, OnlyTheRecipientOpens) {
  X25519KeyPair enclave = X25519KeyPair::Generate();
  X25519KeyPair other = X25519KeyPair::Generate();
  Bytes sealed = SealTo(enclave.public_key(), AsBytes("data key bytes"));
  EXPECT_EQ(sealed.size(), 14u + 48u);
  auto opened = enclave.Open(sealed);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(AsChars(opened->view()), "data key bytes");
  auto wrong = other.Open(sealed);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kIntegrity);
  sealed.back() ^= 1;
  EXPECT_FALSE(enclave.Open(sealed).ok());
  EXPECT_EQ(*X25519PublicKey::FromText(enclave.public_key().ToText()), enclave.public_key());
}

}  // namespace
}  // namespace cleanroom

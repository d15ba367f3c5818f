#include "enclave/key_release.h"

#include <gtest/gtest.h>

#include "crypto/csprng.h"

namespace cleanroom {
namespace {

TEST(KeyRelease, KeyIsBoundToRoomAndDataset) {
  X25519KeyPair enclave = X25519KeyPair::Generate();
  SecretBytes key(32);
  RandomBytes(key.mutable_view());
  Bytes sealed = SealDataKey(enclave.public_key(), "fall25", "purchases", key);
  auto opened = OpenDataKey(enclave, sealed, "fall25", "purchases");
  ASSERT_TRUE(opened.ok());
  EXPECT_TRUE(opened->Equals(key));

  auto other_dataset = OpenDataKey(enclave, sealed, "fall25", "exposures");
  EXPECT_EQ(other_dataset.error().message,
            "the sealed key is not bound to dataset exposures of room fall25");
  EXPECT_EQ(OpenDataKey(enclave, sealed, "spring26", "purchases").error().code,
            ErrorCode::kIntegrity);
  X25519KeyPair impostor = X25519KeyPair::Generate();
  EXPECT_EQ(OpenDataKey(impostor, sealed, "fall25", "purchases").error().message,
            "sealed box does not open with this enclave's key");
}

}  // namespace
}  // namespace cleanroom

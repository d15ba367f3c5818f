#include "enclave/key_release.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

TEST(KeyRelease, KeyIsBoundToRoomAndDataset) {
  X25519KeyPair enclave = X25519KeyPair::Generate();
  BundleKey key = BundleKey::Generate("fall25", "purchases");
  Bytes sealed = SealDataKey(enclave.public_key(), key);
  auto opened = OpenDataKey(enclave, sealed, "fall25", "purchases");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_TRUE(opened->data_key.Equals(key.data_key));
  EXPECT_EQ(opened->bundle_id, key.bundle_id);
  EXPECT_EQ(opened->bundle_id.size(), 32u);

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

#include "policy/identity.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "common/file_io.h"
#include "support/process.h"

namespace cleanroom {
namespace {

TEST(Identity, CreateThenLoad) {
  testing::ScratchDir dir;
  auto made = CreateIdentityFiles("shopgood", dir / "shopgood.id");
  ASSERT_TRUE(made.ok()) << made.error().message;
  struct stat st;
  ASSERT_EQ(stat((dir / "shopgood.id").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(*ReadTextFile(dir / "shopgood.pub"), made->key.public_key().ToText() + "\n");
  auto loaded = LoadIdentity(dir / "shopgood.id");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->name, "shopgood");
  EXPECT_EQ(loaded->key.public_key(), made->key.public_key());
  auto again = CreateIdentityFiles("shopgood", dir / "shopgood.id");
  EXPECT_EQ(again.error().message,
            "refusing to overwrite existing identity " + (dir / "shopgood.id"));
  EXPECT_EQ(CreateIdentityFiles("bad name", dir / "x.id").error().code, ErrorCode::kUsage);
}

TEST(Identity, MalformedFilesNameTheLine) {
  testing::ScratchDir dir;
  auto write = [&](const std::string& text) {
    std::string p = dir / "x.id";
    EXPECT_TRUE(WriteFileAtomic(p, text, 0600).ok());
    auto r = LoadIdentity(p);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().message.substr(p.size());
  };
  EXPECT_EQ(write("hello\n"),
            ":1: not a cleanroom identity file: expected the first line \"cleanroom-identity v1\"");
  EXPECT_EQ(write("cleanroom-identity v1\nname shopgood\n"),
            ":2: not a cleanroom identity file: expected \"key: value\"");
  EXPECT_EQ(write("cleanroom-identity v1\nname: a\nsecret_seed: AAAA\n"),
            ":3: not a cleanroom identity file: secret_seed is not 32 bytes of base64");
  EXPECT_EQ(write("cleanroom-identity v1\nname: a\n"),
            ":2: not a cleanroom identity file: no \"secret_seed\" line");
  EXPECT_EQ(write("cleanroom-identity v1\nname: a\npublic_key: ed25519:x\nsecret_seed: "
                  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"),
            ":4: not a cleanroom identity file: public_key does not match secret_seed");
}

}  // namespace
}  // namespace cleanroom

#include "common/base64.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

// RFC 4648 section 10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {{"", ""},
                                                       {"f", "Zg=="},
                                                       {"fo", "Zm8="},
                                                       {"foo", "Zm9v"},
                                                       {"foob", "Zm9vYg=="},
                                                       {"fooba", "Zm9vYmE="},
                                                       {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : cases) {
    EXPECT_EQ(Base64Encode(AsBytes(plain)), encoded);
    auto decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(AsChars(*decoded), plain);
  }
}

TEST(Base64, RejectsBadText) {
  EXPECT_EQ(Base64Decode("Zm9").error().message, "base64 text length is not a multiple of 4");
  EXPECT_EQ(Base64Decode("Zm9*").error().message,
            "base64 text has an invalid character at offset 3");
  EXPECT_EQ(Base64Decode("Z=9v").error().code, ErrorCode::kBadInput);
  EXPECT_EQ(Base64Decode("Zh==").error().message,
            "base64 text is not canonical (non-zero padding bits)");
}

}  // namespace
}  // namespace cleanroom

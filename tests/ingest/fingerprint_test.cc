#include "ingest/fingerprint.h"

#include <gtest/gtest.h>

#include "common/hex.h"

namespace cleanroom {
namespace {

Bytes TestSalt() {
  Bytes salt(32);
  for (size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<uint8_t>(i);
  return salt;
}

// Expected values computed independently (Python hmac/hashlib, HKDF by RFC 5869 by hand).
TEST(Fingerprinter, MatchesIndependentComputation) {
  Result<Fingerprinter> fp = Fingerprinter::Create(TestSalt(), "fall25");
  ASSERT_TRUE(fp.ok()) << fp.error().message;
  EXPECT_EQ(HexEncode(fp->Compute("alice@email.com")),
            "4ec87915a03a2892e93e8371a2927ceb63bec42c681b1f8fea842a8fbbfb4f9a");
  EXPECT_EQ(HexEncode(fp->Compute("+15551234567")),
            "987273adf350bec396ab53af49d7a703559caf86639321b8a48ff7f3f5eafc75");
}

TEST(Fingerprinter, DependsOnTheRoom) {
  Result<Fingerprinter> fp = Fingerprinter::Create(TestSalt(), "other");
  ASSERT_TRUE(fp.ok());
  EXPECT_EQ(HexEncode(fp->Compute("alice@email.com")),
            "a0994b67b1fc4e5ea5298ec7794e0673618c336d98ef899fd53ff5cc140491fc");
}

TEST(Fingerprinter, RejectsABadSaltOrRoom) {
  Result<Fingerprinter> short_salt = Fingerprinter::Create(Bytes(31, 1), "fall25");
  ASSERT_FALSE(short_salt.ok());
  EXPECT_EQ(short_salt.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(short_salt.error().message,
            "the room's join salt must be 32 bytes, got 31 (make one with 'cleanroom salt --out "
            "room.salt')");
  Result<Fingerprinter> no_room = Fingerprinter::Create(TestSalt(), "");
  ASSERT_FALSE(no_room.ok());
  EXPECT_EQ(no_room.error().message, "the room id is empty");
}

}  // namespace
}  // namespace cleanroom

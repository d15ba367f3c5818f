#include "crypto/aead.h"

#include <gtest/gtest.h>

#include "common/hex.h"

namespace cleanroom {
namespace {

Bytes Hex(const char* h) { return *HexDecode(h); }
SecretBytes Key(const char* h) { return SecretBytes::CopyOf(Hex(h)); }

// McGrew & Viega, "The Galois/Counter Mode of Operation", AES-256 test cases 13-16.
TEST(Aes256Gcm, GcmSpecVectors) {
  const char* zero_key = "0000000000000000000000000000000000000000000000000000000000000000";
  const char* zero_iv = "000000000000000000000000";
  // Test case 13: empty plaintext.
  EXPECT_EQ(HexEncode(*Aes256GcmSeal(Key(zero_key), Hex(zero_iv), {}, {})),
            "530f8afbc74536b9a963b4f1c4cb738b");
  // Test case 14: one zero block.
  EXPECT_EQ(HexEncode(*Aes256GcmSeal(Key(zero_key), Hex(zero_iv), {}, Bytes(16, 0))),
            "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");

  const char* key = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
  const char* iv = "cafebabefacedbaddecaf888";
  const char* p15 =
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6"
      "b5"
      "25b16aedf5aa0de657ba637b391aafd255";
  // Test case 15: four blocks, no AAD.
  EXPECT_EQ(
      HexEncode(*Aes256GcmSeal(Key(key), Hex(iv), {}, Hex(p15))),
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b10"
      "56828838c5f61e6393ba7a0abcc9f662898015ad"
      "b094dac5d93471bdec1a502270e3cc6c");
  // Test case 16: 60 bytes with AAD.
  Bytes p16 = Hex(p15);
  p16.resize(60);
  Bytes aad = Hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  std::string sealed16 = HexEncode(*Aes256GcmSeal(Key(key), Hex(iv), aad, p16));
  EXPECT_EQ(
      sealed16,
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b10"
      "56828838c5f61e6393ba7a0abcc9f662"
      "76fc6ece0f4e1768cddf8853bb2d551b");
  EXPECT_EQ(*Aes256GcmOpen(Key(key), Hex(iv), aad, *HexDecode(sealed16)), p16);
}

TEST(Aes256Gcm, TamperingIsAnIntegrityError) {
  SecretBytes key = Key("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  Bytes iv = Hex("cafebabefacedbaddecaf888");
  Bytes sealed = *Aes256GcmSeal(key, iv, AsBytes("aad"), AsBytes("secret rows"));
  Bytes flipped = sealed;
  flipped[3] ^= 1;
  auto r = Aes256GcmOpen(key, iv, AsBytes("aad"), flipped);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(r.error().message, "authentication tag does not verify");
  EXPECT_EQ(Aes256GcmOpen(key, iv, AsBytes("other"), sealed).error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(Aes256GcmOpen(key, iv, AsBytes("aad"), Bytes(5)).error().code, ErrorCode::kIntegrity);
}

}  // namespace
}  // namespace cleanroom

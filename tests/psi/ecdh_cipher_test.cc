// EcdhCipher against published vectors and against libsodium: the x25519 path multiplies with
// OpenSSL and must compute exactly RFC 7748's X25519 and refuse exactly what libsodium refuses;
// blinding commutes in both groups.
#include "psi/ecdh_cipher.h"

#include <gtest/gtest.h>

#include <sodium.h>

#include "common/hex.h"
#include "crypto/csprng.h"
#include "crypto/curve25519_side.h"

namespace cleanroom::psi {
namespace {

Bytes Hex(std::string_view h) { return HexDecode(h).value(); }

EcdhCipher X25519Cipher(ByteView key, int threads = 2) {
  return std::move(EcdhCipher::CreateFromKey(Group::kX25519, SecretBytes::CopyOf(key), threads))
      .value();
}

// RFC 7748 section 5.2: X25519(scalar, u) for two (scalar, u) pairs.
TEST(EcdhCipher, X25519MatchesRfc7748Vectors) {
  struct Vector {
    const char* scalar;
    const char* u;
    const char* out;
  };
  const Vector kVectors[] = {
      {"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
       "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
       "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"},
      {"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
       "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
       "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"},
  };
  for (const Vector& v : kVectors) {
    auto out = X25519Cipher(Hex(v.scalar)).Reblind(Hex(v.u));
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_EQ(HexEncode(*out), v.out);
  }
}

// Many elements at once (so the batch runs on both threads), including u with the top bit set
// and non-canonical u >= p, against libsodium's crypto_scalarmult_curve25519 one by one.
TEST(EcdhCipher, X25519AgreesWithLibsodiumOnBatches) {
  ASSERT_GE(sodium_init(), 0);
  Bytes key(32);
  RandomBytes(key);
  const size_t n = 300;
  Bytes in(n * kElementSize);
  RandomBytes(in);
  in[31] |= 0x80;  // top bit set: ignored by X25519
  Bytes p_plus_9 = Hex("f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  std::copy(p_plus_9.begin(), p_plus_9.end(), in.begin() + 32);  // 2^255 - 19 + 9 (non-canonical)
  auto out = X25519Cipher(key).Reblind(in);
  ASSERT_TRUE(out.ok()) << out.error().message;
  for (size_t i = 0; i < n; ++i) {
    uint8_t expect[32];
    ASSERT_EQ(crypto_scalarmult_curve25519(expect, key.data(), in.data() + i * kElementSize), 0);
    EXPECT_EQ(HexEncode(ByteView(out->data() + i * kElementSize, kElementSize)),
              HexEncode(ByteView(expect, 32)))
        << "element " << i;
  }
  // u = 9 + p is u = 9.
  auto nine = X25519Cipher(key).Reblind(Hex("09" + std::string(62, '0')));
  ASSERT_TRUE(nine.ok());
  EXPECT_EQ(HexEncode(ByteView(out->data() + 32, 32)), HexEncode(*nine));
}

// The u-coordinates of small order (libsodium's list, canonical and not): refused by both
// libraries, and the error names the first such element of a batch.
TEST(EcdhCipher, X25519RefusesSmallOrderElementsLikeLibsodium) {
  ASSERT_GE(sodium_init(), 0);
  const char* const kSmallOrder[] = {
      "0000000000000000000000000000000000000000000000000000000000000000",  // 0
      "0100000000000000000000000000000000000000000000000000000000000000",  // 1
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",  // order 8
      "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",  // order 8
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p - 1
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p (= 0)
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p + 1 (= 1)
  };
  Bytes key(32);
  RandomBytes(key);
  EcdhCipher cipher = X25519Cipher(key);
  for (const char* h : kSmallOrder) {
    uint8_t out[32];
    EXPECT_NE(crypto_scalarmult_curve25519(out, key.data(), Hex(h).data()), 0) << h;
    auto r = cipher.Reblind(Hex(h));
    ASSERT_FALSE(r.ok()) << h;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  }
  Bytes batch(200 * kElementSize);
  RandomBytes(batch);
  Bytes bad = Hex(kSmallOrder[2]);
  for (size_t at : {size_t{170}, size_t{130}}) {
    std::copy(bad.begin(), bad.end(), batch.begin() + at * kElementSize);
  }
  auto r = cipher.Reblind(batch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_NE(r.error().message.find("element 130 is not a valid x25519 element"), std::string::npos)
      << r.error().message;
}

// (H(x)^a)^b == (H(x)^b)^a in both groups, on a batch large enough to run on two threads, and
// different identifiers give different elements.
TEST(EcdhCipher, BlindingCommutesInBothGroups) {
  for (Group g : {Group::kRistretto255, Group::kX25519}) {
    SCOPED_TRACE(GroupName(g));
    std::vector<std::string> ids;
    for (int i = 0; i < 150; ++i) ids.push_back("user" + std::to_string(i) + "@example.com");
    EcdhCipher a = EcdhCipher::CreateWithNewKey(g, 2), b = EcdhCipher::CreateWithNewKey(g, 1);
    auto ab = b.Reblind(a.HashAndBlind(ids));
    auto ba = a.Reblind(b.HashAndBlind(ids));
    ASSERT_TRUE(ab.ok() && ba.ok());
    EXPECT_EQ(*ab, *ba);
    for (size_t i = 1; i < ids.size(); ++i) {
      EXPECT_NE(HexEncode(ByteView(ab->data() + i * 32, 32)),
                HexEncode(ByteView(ab->data() + (i - 1) * 32, 32)));
    }
  }
}

// The x25519 H hashes onto the curve only: the side (curve or twist) of a u-coordinate is
// public and survives blinding, so an element on the twist would tell the peer a bit about
// the identifier. Every blinded element must be on the curve. (With H = a plain truncated
// hash, about half of 400 elements would be on the twist.)
TEST(EcdhCipher, X25519ElementsAreAllOnTheCurve) {
  std::vector<std::string> ids;
  for (int i = 0; i < 400; ++i) ids.push_back("id" + std::to_string(i));
  EcdhCipher a = EcdhCipher::CreateWithNewKey(Group::kX25519, 2);
  EcdhCipher b = EcdhCipher::CreateWithNewKey(Group::kX25519, 2);
  Bytes blinded = a.HashAndBlind(ids);
  auto twice = b.Reblind(blinded);
  ASSERT_TRUE(twice.ok());
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSERT_TRUE(IsOnCurve25519(blinded.data() + i * 32)) << ids[i];
    ASSERT_TRUE(IsOnCurve25519(twice->data() + i * 32)) << ids[i];
  }
}

TEST(EcdhCipher, CreateFromKeyValidates) {
  EXPECT_FALSE(EcdhCipher::CreateFromKey(Group::kX25519, SecretBytes(31)).ok());
  EXPECT_FALSE(EcdhCipher::CreateFromKey(Group::kRistretto255, SecretBytes(32)).ok());  // zero
  Bytes unreduced(32, 0xff);
  EXPECT_FALSE(
      EcdhCipher::CreateFromKey(Group::kRistretto255, SecretBytes::CopyOf(unreduced)).ok());
}

}  // namespace
}  // namespace cleanroom::psi

#include "crypto/paillier.h"

#include <gtest/gtest.h>

#include <array>

namespace cleanroom {
namespace {

// One 1024-bit key for the fast tests (key generation dominates); one 2048-bit test below.
const PaillierPrivateKey& TestKey() {
  static const PaillierPrivateKey* key =
      new PaillierPrivateKey(std::move(PaillierPrivateKey::Generate(1024).value()));
  return *key;
}

TEST(Paillier, EncryptDecryptRoundTrip) {
  const auto& sk = TestKey();
  const auto& pk = sk.public_key();
  EXPECT_EQ(pk.modulus_bits(), 1024u);
  EXPECT_EQ(pk.ciphertext_size(), 256u);
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{42}, int64_t{-7}, INT64_MAX, INT64_MIN}) {
    EXPECT_EQ(pk.DecodeSignedDecimal(sk.Decrypt(pk.Encrypt(pk.EncodeSigned(v)))),
              std::to_string(v));
    EXPECT_EQ(pk.DecodeSignedDecimal(sk.Decrypt(sk.Encrypt(pk.EncodeSigned(v)))),
              std::to_string(v));
  }
}

TEST(Paillier, Homomorphism) {
  const auto& sk = TestKey();
  const auto& pk = sk.public_key();
  auto a = sk.Encrypt(pk.EncodeSigned(1234567));
  auto b = pk.Encrypt(pk.EncodeSigned(-234567));
  auto sum = pk.Add(a, b);
  EXPECT_EQ(pk.DecodeSignedDecimal(sk.Decrypt(sum)), "1000000");
  // Summing many values, beyond 64 bits.
  PaillierCiphertext acc = pk.Zero();
  for (int i = 0; i < 4; ++i) acc = pk.Add(acc, sk.Encrypt(pk.EncodeSigned(INT64_MAX)));
  EXPECT_EQ(pk.DecodeSignedDecimal(sk.Decrypt(acc)), "36893488147419103228");
  // Rerandomising changes the ciphertext, not the plaintext.
  auto rr = pk.Rerandomize(sum);
  EXPECT_NE(pk.Serialize(rr), pk.Serialize(sum));
  EXPECT_EQ(pk.DecodeSignedDecimal(sk.Decrypt(rr)), "1000000");
  // Two encryptions of one value differ (fresh randomness).
  EXPECT_NE(pk.Serialize(sk.Encrypt(BigInt(5))), pk.Serialize(sk.Encrypt(BigInt(5))));
  // Masking as intersection-sum does: Dec(Enc(s) * Enc(r)) - r = s.
  BigInt r = pk.RandomPlaintext();
  BigInt masked = sk.Decrypt(pk.Add(sum, pk.Encrypt(r)));
  EXPECT_EQ(pk.DecodeSignedDecimal(pk.SubMod(masked, r)), "1000000");
}

TEST(Paillier, SerialisationAndParsing) {
  const auto& sk = TestKey();
  const auto& pk = sk.public_key();
  auto c = pk.Encrypt(BigInt(99));
  Bytes wire = pk.Serialize(c);
  ASSERT_EQ(wire.size(), 256u);
  auto back = pk.Parse(wire);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(pk.DecodeSignedDecimal(sk.Decrypt(*back)), "99");

  auto short_ct = pk.Parse(Bytes(255, 1));
  ASSERT_FALSE(short_ct.ok());
  EXPECT_EQ(short_ct.error().message, "Paillier ciphertext of 255 bytes, expected 256");
  auto zero = pk.Parse(Bytes(256, 0));
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().message, "Paillier ciphertext out of range");
  auto too_big = pk.Parse(Bytes(256, 0xff));
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().message, "Paillier ciphertext out of range");
  auto multiple_of_n = pk.Parse(pk.n().ToBytes(256));
  ASSERT_FALSE(multiple_of_n.ok());
  EXPECT_EQ(multiple_of_n.error().message, "Paillier ciphertext not coprime to the modulus");
  // ParseInRange leaves the gcd to CheckCoprime (for products checked once).
  auto in_range = pk.ParseInRange(pk.n().ToBytes(256));
  ASSERT_TRUE(in_range.ok());
  auto coprime = pk.CheckCoprime(*in_range);
  ASSERT_FALSE(coprime.ok());
  EXPECT_EQ(coprime.error().message, "Paillier ciphertext not coprime to the modulus");
  EXPECT_TRUE(pk.CheckCoprime(pk.Add(*back, *back)).ok());
  EXPECT_FALSE(pk.CheckCoprime(pk.Add(*back, *in_range)).ok());
  EXPECT_EQ(pk.ParseInRange(Bytes(256, 0)).error().message, "Paillier ciphertext out of range");

  // The public key round-trips; a short modulus is refused.
  auto pk2 = PaillierPublicKey::FromBytes(pk.ToBytes());
  ASSERT_TRUE(pk2.ok());
  EXPECT_EQ(pk2->n(), pk.n());
  auto weak = PaillierPublicKey::FromBytes(pk.ToBytes(), 2048);
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().message, "Paillier modulus of 1024 bits is below the minimum of 2048");

  // The private key round-trips and decrypts what the original encrypted.
  SecretBytes secret = sk.Serialize();
  auto sk2 = PaillierPrivateKey::Deserialize(secret.view());
  ASSERT_TRUE(sk2.ok());
  EXPECT_EQ(pk.DecodeSignedDecimal(sk2->Decrypt(c)), "99");
  auto bad = PaillierPrivateKey::Deserialize(Bytes{0, 0, 0, 9});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "malformed Paillier private key");
}

// Generated keys draw r^n from fixed-base tables; a deserialised key (p - 1 not factored) by
// s^p. Both decrypt to the value, under either key object, and combine homomorphically.
TEST(Paillier, BothResidueSamplersDecryptAlike) {
  const auto& sk = TestKey();
  const auto& pk = sk.public_key();
  ASSERT_TRUE(sk.has_fixed_base());
  auto sk2 = PaillierPrivateKey::Deserialize(sk.Serialize().view());
  ASSERT_TRUE(sk2.ok());
  ASSERT_FALSE(sk2->has_fixed_base());
  PaillierCiphertext acc = pk.Zero();
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{77}, INT64_MIN}) {
    auto a = sk.Encrypt(pk.EncodeSigned(v));
    auto b = sk2->Encrypt(pk.EncodeSigned(v));
    EXPECT_NE(pk.Serialize(a), pk.Serialize(b));
    const std::array<const PaillierPrivateKey*, 2> keys = {&sk, &*sk2};
    for (const PaillierPrivateKey* key : keys) {
      EXPECT_EQ(pk.DecodeSignedDecimal(key->Decrypt(a)), std::to_string(v));
      EXPECT_EQ(pk.DecodeSignedDecimal(key->Decrypt(b)), std::to_string(v));
    }
    acc = pk.Add(acc, pk.Add(a, b));
  }
  EXPECT_EQ(pk.DecodeSignedDecimal(sk.Decrypt(acc)), "-18446744073709551464");
}

// The generator behind the tables has order exactly p - 1 mod p^2: its powers are all the
// n-th residues mod p^2, so G^t with t uniform in [0, p - 1) is uniform on them.
TEST(Paillier, ResidueGeneratorHasOrderPMinus1ModPSquared) {
  FactoredPrime fp = RandomFactoredPrime(512);
  BigInt g = PaillierResidueGenerator(fp);
  BigInt p2;
  mpz_mul(p2.get(), fp.p.get(), fp.p.get());
  EXPECT_TRUE(HasOrderPMinus1(g, fp, p2));
  // It is a p-th power (the order-p part is gone): g^(p-1) = 1 mod p^2, which a random unit
  // of Z*_(p^2) almost never satisfies.
  BigInt x, pm1;
  mpz_sub_ui(pm1.get(), fp.p.get(), 1);
  mpz_powm(x.get(), g.get(), pm1.get(), p2.get());
  EXPECT_EQ(x.ToDecimal(), "1");
  BigInt u(3);
  mpz_powm(x.get(), u.get(), pm1.get(), p2.get());
  EXPECT_NE(x.ToDecimal(), "1");
}

TEST(Paillier, KeySizes) {
  auto small = PaillierPrivateKey::Generate(512);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().code, ErrorCode::kUsage);
  EXPECT_EQ(small.error().message, "Paillier modulus must be an even number of bits >= 1024");
  auto sk = PaillierPrivateKey::Generate();  // the protocol's 2048 bits
  ASSERT_TRUE(sk.ok());
  EXPECT_EQ(sk->public_key().modulus_bits(), 2048u);
  const auto& pk = sk->public_key();
  EXPECT_EQ(pk.DecodeSignedDecimal(
                sk->Decrypt(pk.Add(sk->Encrypt(BigInt(40)), pk.Encrypt(pk.EncodeSigned(2))))),
            "42");
}

}  // namespace
}  // namespace cleanroom

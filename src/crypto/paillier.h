// Paillier encryption (Paillier 1999) over GMP, with g = n + 1: additively homomorphic, so
// Enc(a) * Enc(b) = Enc(a + b mod n). Used by private intersection-sum. Invariants: a key has a
// modulus of at least kPaillierMinBits bits built from two primes of equal length with
// gcd(n, phi(n)) = 1; a PaillierCiphertext a key parsed or produced lies in [1, n^2) and is
// coprime to n. Randomness comes only from the CSPRNG. The private key is non-copyable and its
// numbers are wiped when freed (crypto/big_int.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/big_int.h"
#include "crypto/fixed_base_pow.h"
#include "crypto/prime_generation.h"
#include "crypto/secret_bytes.h"

namespace cleanroom {

inline constexpr size_t kPaillierMinBits = 1024;      // accepted by the library (tests)
inline constexpr size_t kPaillierDefaultBits = 2048;  // what the protocol uses and requires

struct PaillierCiphertext {
  BigInt c;
};

class PaillierPublicKey {
 public:
  // The modulus n as unsigned big-endian bytes; kBadInput when shorter than `min_bits`,
  // even, or malformed.
  static Result<PaillierPublicKey> FromBytes(ByteView n_be, size_t min_bits = kPaillierMinBits);
  Bytes ToBytes() const { return n_.ToBytes(); }

  const BigInt& n() const { return n_; }
  size_t modulus_bits() const { return n_.bits(); }
  // Bytes of a serialised ciphertext: the byte length of n^2.
  size_t ciphertext_size() const { return (n2_.bits() + 7) / 8; }

  // Enc(m) = (1 + m n) r^n mod n^2 with r uniform in Z*_n. `m` is reduced mod n.
  PaillierCiphertext Encrypt(const BigInt& m) const;
  // Enc(a + b).
  PaillierCiphertext Add(const PaillierCiphertext& a, const PaillierCiphertext& b) const;
  // The same plaintext under fresh randomness: c * r^n.
  PaillierCiphertext Rerandomize(const PaillierCiphertext& c) const;
  // Enc(0) with r = 1: the neutral start of a homomorphic sum (rerandomise before sending).
  PaillierCiphertext Zero() const;

  // Fixed-width big-endian (ciphertext_size() bytes).
  Bytes Serialize(const PaillierCiphertext& c) const;
  // kBadInput unless exactly ciphertext_size() bytes, in [1, n^2) and coprime to n.
  Result<PaillierCiphertext> Parse(ByteView bytes) const;
  // Parse without the gcd (about 3x the cost of an Add): for a caller that multiplies many
  // ciphertexts and checks the product once with CheckCoprime (a product is coprime to n
  // iff every factor is).
  Result<PaillierCiphertext> ParseInRange(ByteView bytes) const;
  // kBadInput unless c is coprime to n.
  Status CheckCoprime(const PaillierCiphertext& c) const;

  // v mod n (negative values wrap to n - |v|).
  BigInt EncodeSigned(int64_t v) const;
  // The inverse of EncodeSigned extended to sums: values above n/2 are read as negative.
  std::string DecodeSignedDecimal(const BigInt& m) const;
  // Uniform in [0, n).
  BigInt RandomPlaintext() const { return BigInt::RandomBelow(n_); }
  // (a - b) mod n.
  BigInt SubMod(const BigInt& a, const BigInt& b) const;

 private:
  PaillierPublicKey() = default;
  friend class PaillierPrivateKey;
  BigInt RandomNthPower() const;  // r^n mod n^2, r uniform in Z*_n
  BigInt n_, n2_;
};

// g^p mod p^2 for a generator g of Z*_p: a generator of the subgroup of order p - 1 of
// Z*_(p^2), which is the group of the n-th residues mod p^2 (exposed for tests).
BigInt PaillierResidueGenerator(const FactoredPrime& fp);

class PaillierPrivateKey {
 public:
  // Two random primes of modulus_bits/2 bits each with p - 1 and q - 1 factored
  // (crypto/prime_generation.h), so that Encrypt can use fixed-base tables. kUsage when
  // modulus_bits < kPaillierMinBits or odd.
  static Result<PaillierPrivateKey> Generate(size_t modulus_bits = kPaillierDefaultBits);
  // p and q as two length-prefixed big-endian numbers.
  SecretBytes Serialize() const;
  static Result<PaillierPrivateKey> Deserialize(ByteView secret);

  PaillierPrivateKey(const PaillierPrivateKey&) = delete;
  PaillierPrivateKey& operator=(const PaillierPrivateKey&) = delete;
  PaillierPrivateKey(PaillierPrivateKey&&) = default;
  PaillierPrivateKey& operator=(PaillierPrivateKey&&) = default;

  const PaillierPublicKey& public_key() const { return pub_; }
  // The same distribution as public_key().Encrypt, faster: the key owner draws the random
  // n-th residue by CRT from its parts mod p^2 and mod q^2. Each part is uniform in a cyclic
  // group of order p - 1: G^t for the generator G of PaillierResidueGenerator and t uniform in
  // [0, p - 1), from precomputed tables (crypto/fixed_base_pow.h) when the key was generated
  // here; s^p for s uniform in [1, p) when it was deserialised (p - 1 not factored).
  PaillierCiphertext Encrypt(const BigInt& m) const;
  // True when Encrypt uses the fixed-base tables.
  bool has_fixed_base() const { return residue_p_.has_value(); }
  // m = L(c^lambda mod n^2) * mu mod n.
  BigInt Decrypt(const PaillierCiphertext& c) const;

 private:
  PaillierPrivateKey() = default;
  static Result<PaillierPrivateKey> FromPrimes(BigInt p, BigInt q);
  // The residue mod p^2 (or q^2) part of a fresh r^n.
  BigInt RandomResidue(const std::optional<FixedBasePow>& table, const BigInt& prime,
                       const BigInt& prime_squared) const;
  PaillierPublicKey pub_;
  BigInt p_, q_, p2_, q2_, q2_inv_p2_, lambda_, mu_;
  std::optional<FixedBasePow> residue_p_, residue_q_;  // G_p^t mod p^2, G_q^t mod q^2
};

}  // namespace cleanroom

#include "crypto/paillier.h"

#include <sodium.h>

namespace cleanroom {
namespace {

// A uniform unit of Z_m (m > 1), i.e. in [1, m) and coprime to m.
BigInt RandomUnit(const BigInt& m) {
  BigInt g;
  for (;;) {
    BigInt r = BigInt::RandomBelow(m);
    if (r.IsZero()) continue;
    mpz_gcd(g.get(), r.get(), m.get());
    if (mpz_cmp_ui(g.get(), 1) == 0) return r;
  }
}

}  // namespace

Result<PaillierPublicKey> PaillierPublicKey::FromBytes(ByteView n_be, size_t min_bits) {
  PaillierPublicKey k;
  k.n_ = BigInt::FromBytes(n_be);
  if (k.n_.bits() < min_bits) {
    return MakeError(ErrorCode::kBadInput, "Paillier modulus of " + std::to_string(k.n_.bits()) +
                                               " bits is below the minimum of " +
                                               std::to_string(min_bits));
  }
  if (mpz_even_p(k.n_.get())) {
    return MakeError(ErrorCode::kBadInput, "Paillier modulus is even");
  }
  mpz_mul(k.n2_.get(), k.n_.get(), k.n_.get());
  return k;
}

BigInt PaillierPublicKey::RandomNthPower() const {
  BigInt r = RandomUnit(n_);
  BigInt out;
  mpz_powm(out.get(), r.get(), n_.get(), n2_.get());  // public exponent
  return out;
}

PaillierCiphertext PaillierPublicKey::Encrypt(const BigInt& m) const {
  // (1 + m n) mod n^2, times r^n.
  BigInt gm;
  mpz_mod(gm.get(), m.get(), n_.get());
  mpz_mul(gm.get(), gm.get(), n_.get());
  mpz_add_ui(gm.get(), gm.get(), 1);
  BigInt rn = RandomNthPower();
  PaillierCiphertext c;
  mpz_mul(c.c.get(), gm.get(), rn.get());
  mpz_mod(c.c.get(), c.c.get(), n2_.get());
  return c;
}

PaillierCiphertext PaillierPublicKey::Add(const PaillierCiphertext& a,
                                          const PaillierCiphertext& b) const {
  PaillierCiphertext c;
  mpz_mul(c.c.get(), a.c.get(), b.c.get());
  mpz_mod(c.c.get(), c.c.get(), n2_.get());
  return c;
}

PaillierCiphertext PaillierPublicKey::Rerandomize(const PaillierCiphertext& c) const {
  BigInt rn = RandomNthPower();
  PaillierCiphertext out;
  mpz_mul(out.c.get(), c.c.get(), rn.get());
  mpz_mod(out.c.get(), out.c.get(), n2_.get());
  return out;
}

PaillierCiphertext PaillierPublicKey::Zero() const { return PaillierCiphertext{BigInt(1)}; }

Bytes PaillierPublicKey::Serialize(const PaillierCiphertext& c) const {
  return c.c.ToBytes(ciphertext_size());
}

Result<PaillierCiphertext> PaillierPublicKey::ParseInRange(ByteView bytes) const {
  if (bytes.size() != ciphertext_size()) {
    return MakeError(ErrorCode::kBadInput, "Paillier ciphertext of " +
                                               std::to_string(bytes.size()) + " bytes, expected " +
                                               std::to_string(ciphertext_size()));
  }
  PaillierCiphertext c{BigInt::FromBytes(bytes)};
  if (c.c.IsZero() || c.c.Compare(n2_) >= 0) {
    return MakeError(ErrorCode::kBadInput, "Paillier ciphertext out of range");
  }
  return c;
}

Status PaillierPublicKey::CheckCoprime(const PaillierCiphertext& c) const {
  BigInt g;
  mpz_gcd(g.get(), c.c.get(), n_.get());
  if (mpz_cmp_ui(g.get(), 1) != 0) {
    return MakeError(ErrorCode::kBadInput, "Paillier ciphertext not coprime to the modulus");
  }
  return Ok();
}

Result<PaillierCiphertext> PaillierPublicKey::Parse(ByteView bytes) const {
  CR_ASSIGN_OR_RETURN(PaillierCiphertext c, ParseInRange(bytes));
  CR_RETURN_IF_ERROR(CheckCoprime(c));
  return c;
}

BigInt PaillierPublicKey::EncodeSigned(int64_t v) const {
  BigInt m(v);
  mpz_mod(m.get(), m.get(), n_.get());
  return m;
}

std::string PaillierPublicKey::DecodeSignedDecimal(const BigInt& m) const {
  BigInt half;
  mpz_fdiv_q_2exp(half.get(), n_.get(), 1);
  if (m.Compare(half) <= 0) return m.ToDecimal();
  BigInt neg;
  mpz_sub(neg.get(), m.get(), n_.get());
  return neg.ToDecimal();
}

BigInt PaillierPublicKey::SubMod(const BigInt& a, const BigInt& b) const {
  BigInt d;
  mpz_sub(d.get(), a.get(), b.get());
  mpz_mod(d.get(), d.get(), n_.get());
  return d;
}

BigInt PaillierResidueGenerator(const FactoredPrime& fp) {
  BigInt g = RandomGenerator(fp), p2, out;
  mpz_mul(p2.get(), fp.p.get(), fp.p.get());
  mpz_powm_sec(out.get(), g.get(), fp.p.get(), p2.get());  // p is secret
  return out;
}

Result<PaillierPrivateKey> PaillierPrivateKey::Generate(size_t modulus_bits) {
  if (modulus_bits < kPaillierMinBits || modulus_bits % 2 != 0) {
    return MakeError(ErrorCode::kUsage, "Paillier modulus must be an even number of bits >= " +
                                            std::to_string(kPaillierMinBits));
  }
  for (;;) {
    FactoredPrime fp = RandomFactoredPrime(modulus_bits / 2);
    FactoredPrime fq = RandomFactoredPrime(modulus_bits / 2);
    auto key = FromPrimes(fp.p, fq.p);
    if (!key.ok()) continue;               // p == q or gcd(n, phi(n)) != 1: draw again
    const size_t half = modulus_bits / 2;  // p - 1 < 2^half, so exponents t < p - 1 fit
    CR_ASSIGN_OR_RETURN(FixedBasePow tp,
                        FixedBasePow::Create(PaillierResidueGenerator(fp), key->p2_, half));
    CR_ASSIGN_OR_RETURN(FixedBasePow tq,
                        FixedBasePow::Create(PaillierResidueGenerator(fq), key->q2_, half));
    key->residue_p_.emplace(std::move(tp));
    key->residue_q_.emplace(std::move(tq));
    return key;
  }
}

Result<PaillierPrivateKey> PaillierPrivateKey::FromPrimes(BigInt p, BigInt q) {
  if (p == q) return MakeError(ErrorCode::kBadInput, "Paillier primes must differ");
  PaillierPrivateKey k;
  BigInt n;
  mpz_mul(n.get(), p.get(), q.get());
  BigInt pm1, qm1, phi, g;
  mpz_sub_ui(pm1.get(), p.get(), 1);
  mpz_sub_ui(qm1.get(), q.get(), 1);
  mpz_mul(phi.get(), pm1.get(), qm1.get());
  mpz_gcd(g.get(), n.get(), phi.get());
  if (mpz_cmp_ui(g.get(), 1) != 0) {
    return MakeError(ErrorCode::kBadInput, "Paillier primes give gcd(n, phi(n)) != 1");
  }
  CR_ASSIGN_OR_RETURN(k.pub_, PaillierPublicKey::FromBytes(n.ToBytes()));
  mpz_lcm(k.lambda_.get(), pm1.get(), qm1.get());
  // With g = n + 1, L(g^lambda mod n^2) = lambda mod n, so mu = lambda^-1 mod n.
  if (mpz_invert(k.mu_.get(), k.lambda_.get(), n.get()) == 0) {
    return MakeError(ErrorCode::kBadInput, "Paillier lambda is not invertible mod n");
  }
  mpz_mul(k.p2_.get(), p.get(), p.get());
  mpz_mul(k.q2_.get(), q.get(), q.get());
  if (mpz_invert(k.q2_inv_p2_.get(), k.q2_.get(), k.p2_.get()) == 0) {
    return MakeError(ErrorCode::kBadInput, "Paillier primes are not coprime");
  }
  k.p_ = std::move(p);
  k.q_ = std::move(q);
  return k;
}

SecretBytes PaillierPrivateKey::Serialize() const {
  Bytes p = p_.ToBytes(), q = q_.ToBytes();
  Bytes out;
  AppendU32BE(out, static_cast<uint32_t>(p.size()));
  Append(out, p);
  AppendU32BE(out, static_cast<uint32_t>(q.size()));
  Append(out, q);
  SecretBytes s = SecretBytes::CopyOf(out);
  sodium_memzero(out.data(), out.size());
  sodium_memzero(p.data(), p.size());
  sodium_memzero(q.data(), q.size());
  return s;
}

Result<PaillierPrivateKey> PaillierPrivateKey::Deserialize(ByteView s) {
  auto bad = [] { return MakeError(ErrorCode::kBadInput, "malformed Paillier private key"); };
  if (s.size() < 4) return bad();
  uint32_t lp = ReadU32BE(s.data());
  if (s.size() < 8 + size_t{lp}) return bad();
  uint32_t lq = ReadU32BE(s.data() + 4 + lp);
  if (s.size() != 8 + size_t{lp} + lq) return bad();
  BigInt p = BigInt::FromBytes(s.subspan(4, lp));
  BigInt q = BigInt::FromBytes(s.subspan(8 + lp, lq));
  if (mpz_probab_prime_p(p.get(), kPrimeTestReps) == 0 ||
      mpz_probab_prime_p(q.get(), kPrimeTestReps) == 0) {
    return MakeError(ErrorCode::kBadInput, "Paillier private key factors are not prime");
  }
  return FromPrimes(std::move(p), std::move(q));
}

BigInt PaillierPrivateKey::RandomResidue(const std::optional<FixedBasePow>& table,
                                         const BigInt& prime, const BigInt& prime_squared) const {
  BigInt x;
  if (table.has_value()) {  // G^t, t uniform in [0, p - 1): uniform in the cyclic group
    BigInt order;
    mpz_sub_ui(order.get(), prime.get(), 1);
    return table->Pow(BigInt::RandomBelow(order));
  }
  // s^p for s uniform in [1, p): raising to p kills the order-p part of Z*_(p^2) and maps
  // the rest one-to-one onto the subgroup of order p - 1.
  BigInt s = RandomUnit(prime);
  mpz_powm_sec(x.get(), s.get(), prime.get(), prime_squared.get());
  return x;
}

PaillierCiphertext PaillierPrivateKey::Encrypt(const BigInt& m) const {
  // r^n mod n^2 is uniform on the n-th residues, which by CRT is the product of the
  // subgroups of order p-1 mod p^2 and q-1 mod q^2.
  BigInt xp = RandomResidue(residue_p_, p_, p2_);
  BigInt xq = RandomResidue(residue_q_, q_, q2_);
  BigInt x;
  // x = xq + q^2 * ((xp - xq) * (q^2)^-1 mod p^2)
  mpz_sub(x.get(), xp.get(), xq.get());
  mpz_mul(x.get(), x.get(), q2_inv_p2_.get());
  mpz_mod(x.get(), x.get(), p2_.get());
  mpz_mul(x.get(), x.get(), q2_.get());
  mpz_add(x.get(), x.get(), xq.get());
  const BigInt& n = pub_.n();
  BigInt gm;
  mpz_mod(gm.get(), m.get(), n.get());
  mpz_mul(gm.get(), gm.get(), n.get());
  mpz_add_ui(gm.get(), gm.get(), 1);
  PaillierCiphertext c;
  mpz_mul(c.c.get(), gm.get(), x.get());
  mpz_mod(c.c.get(), c.c.get(), pub_.n2_.get());
  return c;
}

BigInt PaillierPrivateKey::Decrypt(const PaillierCiphertext& c) const {
  const BigInt& n = pub_.n();
  BigInt u;
  mpz_powm_sec(u.get(), c.c.get(), lambda_.get(), pub_.n2_.get());
  mpz_sub_ui(u.get(), u.get(), 1);
  mpz_divexact(u.get(), u.get(), n.get());
  mpz_mul(u.get(), u.get(), mu_.get());
  mpz_mod(u.get(), u.get(), n.get());
  return u;
}

}  // namespace cleanroom

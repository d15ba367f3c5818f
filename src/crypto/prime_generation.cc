#include "crypto/prime_generation.h"

#include <algorithm>

namespace cleanroom {
namespace {

constexpr size_t kCofactorBits = 32;  // p' has about bits - 1 - kCofactorBits bits

bool IsProbablePrime(const BigInt& v) { return mpz_probab_prime_p(v.get(), kPrimeTestReps) > 0; }

// The distinct prime factors of r (r < 2^40), by trial division.
std::vector<BigInt> FactorSmall(uint64_t r) {
  std::vector<BigInt> out;
  for (uint64_t d = 2; d * d <= r; d += (d == 2 ? 1 : 2)) {
    if (r % d != 0) continue;
    out.emplace_back(static_cast<int64_t>(d));
    while (r % d == 0) r /= d;
  }
  if (r > 1) out.emplace_back(static_cast<int64_t>(r));
  return out;
}

}  // namespace

BigInt RandomPrime(size_t bits) {
  for (;;) {
    BigInt c = BigInt::RandomOddWithBits(bits);
    mpz_setbit(c.get(), bits - 2);
    if (IsProbablePrime(c)) return c;
  }
}

FactoredPrime RandomFactoredPrime(size_t bits) {
  // p in [lo, hi] = [3 * 2^(bits-2), 2^bits - 1] has exactly `bits` bits, the top two set.
  BigInt lo, hi;
  mpz_setbit(lo.get(), bits - 1);
  mpz_setbit(lo.get(), bits - 2);
  mpz_setbit(hi.get(), bits);
  mpz_sub_ui(hi.get(), hi.get(), 1);
  for (;;) {
    BigInt q = RandomPrime(bits - 1 - kCofactorBits);  // p'
    // r in [ceil((lo - 1) / 2q), floor((hi - 1) / 2q)], about 2^31 values.
    BigInt two_q, r_lo, r_hi, span;
    mpz_mul_2exp(two_q.get(), q.get(), 1);
    mpz_sub_ui(r_lo.get(), lo.get(), 1);
    mpz_cdiv_q(r_lo.get(), r_lo.get(), two_q.get());
    mpz_sub_ui(r_hi.get(), hi.get(), 1);
    mpz_fdiv_q(r_hi.get(), r_hi.get(), two_q.get());
    mpz_sub(span.get(), r_hi.get(), r_lo.get());
    mpz_add_ui(span.get(), span.get(), 1);
    // About ln(2^bits) / 2 tries for a prime; give up on this p' after many more.
    for (size_t attempt = 0; attempt < 50 * bits; ++attempt) {
      BigInt r = BigInt::RandomBelow(span);
      mpz_add(r.get(), r.get(), r_lo.get());
      BigInt p;
      mpz_mul(p.get(), two_q.get(), r.get());
      mpz_add_ui(p.get(), p.get(), 1);
      if (!IsProbablePrime(p)) continue;
      FactoredPrime out;
      out.factors = FactorSmall(2 * mpz_get_ui(r.get()));
      out.factors.push_back(std::move(q));
      std::sort(out.factors.begin(), out.factors.end(),
                [](const BigInt& a, const BigInt& b) { return a.Compare(b) < 0; });
      out.p = std::move(p);
      return out;
    }
  }
}

bool HasOrderPMinus1(const BigInt& g, const FactoredPrime& fp, const BigInt& modulus) {
  BigInt pm1, e, x;
  mpz_sub_ui(pm1.get(), fp.p.get(), 1);
  mpz_powm(x.get(), g.get(), pm1.get(), modulus.get());
  if (mpz_cmp_ui(x.get(), 1) != 0) return false;
  for (const BigInt& f : fp.factors) {
    mpz_divexact(e.get(), pm1.get(), f.get());
    mpz_powm(x.get(), g.get(), e.get(), modulus.get());
    if (mpz_cmp_ui(x.get(), 1) == 0) return false;
  }
  return true;
}

BigInt RandomGenerator(const FactoredPrime& fp) {
  for (;;) {
    BigInt g = BigInt::RandomBelow(fp.p);
    if (mpz_cmp_ui(g.get(), 2) < 0) continue;
    if (HasOrderPMinus1(g, fp, fp.p)) return g;
  }
}

}  // namespace cleanroom

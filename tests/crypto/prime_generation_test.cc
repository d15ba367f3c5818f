#include "crypto/prime_generation.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

bool IsPrime(const BigInt& v) { return mpz_probab_prime_p(v.get(), 40) > 0; }

TEST(PrimeGeneration, RandomPrimeHasExactlyItsBitsAndTopTwoSet) {
  for (size_t bits : {64u, 512u}) {
    BigInt p = RandomPrime(bits);
    EXPECT_TRUE(IsPrime(p));
    EXPECT_EQ(p.bits(), bits);
    EXPECT_TRUE(mpz_tstbit(p.get(), bits - 2));
  }
}

// p - 1 is the product of the listed primes only, each listed once, with one above 2^(bits-40).
TEST(PrimeGeneration, FactoredPrimeListsEveryFactorOfPMinus1) {
  for (size_t bits : {128u, 512u, 1024u}) {
    FactoredPrime fp = RandomFactoredPrime(bits);
    EXPECT_TRUE(IsPrime(fp.p));
    EXPECT_EQ(fp.p.bits(), bits);
    EXPECT_TRUE(mpz_tstbit(fp.p.get(), bits - 2));
    BigInt rest;
    mpz_sub_ui(rest.get(), fp.p.get(), 1);
    ASSERT_FALSE(fp.factors.empty());
    EXPECT_EQ(fp.factors.front().ToDecimal(), "2");
    EXPECT_GE(fp.factors.back().bits(), bits - 40);
    for (size_t i = 0; i < fp.factors.size(); ++i) {
      const BigInt& f = fp.factors[i];
      EXPECT_TRUE(IsPrime(f)) << f.ToDecimal();
      if (i > 0) {
        EXPECT_LT(fp.factors[i - 1].Compare(f), 0);
      }
      ASSERT_TRUE(mpz_divisible_p(rest.get(), f.get())) << f.ToDecimal();
      while (mpz_divisible_p(rest.get(), f.get())) mpz_divexact(rest.get(), rest.get(), f.get());
    }
    EXPECT_EQ(rest.ToDecimal(), "1");
  }
}

TEST(PrimeGeneration, GeneratorHasFullOrder) {
  FactoredPrime fp = RandomFactoredPrime(256);
  BigInt g = RandomGenerator(fp);
  EXPECT_TRUE(HasOrderPMinus1(g, fp, fp.p));
  // g^f for a prime factor f of p - 1 has order (p - 1) / f: refused.
  for (const BigInt& f : fp.factors) {
    BigInt h;
    mpz_powm(h.get(), g.get(), f.get(), fp.p.get());
    EXPECT_FALSE(HasOrderPMinus1(h, fp, fp.p)) << f.ToDecimal();
  }
  EXPECT_FALSE(HasOrderPMinus1(BigInt(1), fp, fp.p));
  // A small known case: 7 - 1 = 2 * 3; 3 generates Z*_7, 2 (order 3) does not.
  FactoredPrime seven{BigInt(7), {BigInt(2), BigInt(3)}};
  EXPECT_TRUE(HasOrderPMinus1(BigInt(3), seven, seven.p));
  EXPECT_FALSE(HasOrderPMinus1(BigInt(2), seven, seven.p));
  EXPECT_FALSE(HasOrderPMinus1(BigInt(6), seven, seven.p));
}

}  // namespace
}  // namespace cleanroom

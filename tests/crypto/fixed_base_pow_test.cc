#include "crypto/fixed_base_pow.h"

#include <gtest/gtest.h>

#include <vector>

namespace cleanroom {
namespace {

BigInt PowmReference(const BigInt& b, const BigInt& e, const BigInt& m) {
  BigInt out;
  mpz_powm(out.get(), b.get(), e.get(), m.get());
  return out;
}

BigInt Ones(size_t bits) {  // 2^bits - 1: every window digit at its largest
  BigInt v;
  mpz_setbit(v.get(), bits);
  mpz_sub_ui(v.get(), v.get(), 1);
  return v;
}

// Against GMP's mpz_powm, for moduli of one limb to 4096 bits and exponent sizes that do and
// do not fill their last window or limb.
TEST(FixedBasePow, MatchesPowm) {
  for (size_t mod_bits : {61u, 64u, 65u, 1024u, 2048u, 4096u}) {
    for (size_t exp_bits : {1u, 6u, 7u, 64u, 190u, 1024u}) {
      BigInt m = BigInt::RandomOddWithBits(mod_bits);
      BigInt base = BigInt::RandomBelow(m);
      auto f = FixedBasePow::Create(base, m, exp_bits);
      ASSERT_TRUE(f.ok());
      std::vector<BigInt> exponents = {BigInt(0), BigInt(1), Ones(exp_bits)};
      BigInt top;  // 2^(exp_bits - 1)
      mpz_setbit(top.get(), exp_bits - 1);
      exponents.push_back(top);
      BigInt bound;
      mpz_setbit(bound.get(), exp_bits);
      for (int i = 0; i < 20; ++i) exponents.push_back(BigInt::RandomBelow(bound));
      for (const BigInt& e : exponents) {
        EXPECT_EQ(f->Pow(e), PowmReference(base, e, m))
            << "modulus bits " << mod_bits << ", exponent " << e.ToDecimal();
      }
    }
  }
}

TEST(FixedBasePow, BaseAboveModulusAndSmallCases) {
  BigInt m(1000003);  // odd
  BigInt base(5000000);
  auto f = FixedBasePow::Create(base, m, 20);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->Pow(BigInt(3)).ToDecimal(), PowmReference(base, BigInt(3), m).ToDecimal());
  EXPECT_EQ(f->Pow(BigInt(0)).ToDecimal(), "1");
  auto zero_base = FixedBasePow::Create(BigInt(0), m, 8);
  ASSERT_TRUE(zero_base.ok());
  EXPECT_EQ(zero_base->Pow(BigInt(0)).ToDecimal(), "1");
  EXPECT_EQ(zero_base->Pow(BigInt(7)).ToDecimal(), "0");
}

TEST(FixedBasePow, RejectsBadParameters) {
  auto even = FixedBasePow::Create(BigInt(3), BigInt(1000), 8);
  ASSERT_FALSE(even.ok());
  EXPECT_EQ(even.error().code, ErrorCode::kInternal);
  EXPECT_EQ(even.error().message,
            "FixedBasePow needs an odd modulus above 1 and a positive exponent size");
  EXPECT_FALSE(FixedBasePow::Create(BigInt(3), BigInt(1), 8).ok());
  EXPECT_FALSE(FixedBasePow::Create(BigInt(3), BigInt(7), 0).ok());
}

TEST(FixedBasePowDeathTest, ExponentAboveItsBoundAborts) {
  auto f = FixedBasePow::Create(BigInt(3), BigInt(1000003), 8);
  ASSERT_TRUE(f.ok());
  EXPECT_DEATH((void)f->Pow(BigInt(256)), "");
  EXPECT_DEATH((void)f->Pow(BigInt(-1)), "");
}

}  // namespace
}  // namespace cleanroom

#include "crypto/fixed_base_pow.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace cleanroom {
namespace {

// `v` (0 <= v < 2^(64 * limbs)) as exactly `limbs` little-endian limbs.
std::vector<mp_limb_t> Limbs(const BigInt& v, size_t limbs) {
  std::vector<mp_limb_t> out(limbs, 0);
  const size_t used = std::min(limbs, mpz_size(v.get()));
  for (size_t i = 0; i < used; ++i) out[i] = mpz_getlimbn(v.get(), static_cast<mp_size_t>(i));
  return out;
}

void Wipe(std::vector<mp_limb_t>& v) {
  if (!v.empty()) sodium_memzero(v.data(), v.size() * sizeof(mp_limb_t));
}

}  // namespace

Result<FixedBasePow> FixedBasePow::Create(const BigInt& base, const BigInt& modulus,
                                          size_t exponent_bits) {
  if (mpz_cmp_ui(modulus.get(), 1) <= 0 || mpz_even_p(modulus.get()) || exponent_bits == 0) {
    return MakeError(ErrorCode::kInternal,
                     "FixedBasePow needs an odd modulus above 1 and a positive exponent size");
  }
  return FixedBasePow(base, modulus, exponent_bits);
}

FixedBasePow::FixedBasePow(const BigInt& base, const BigInt& modulus, size_t exponent_bits)
    : exponent_bits_(exponent_bits),
      windows_((exponent_bits + kWindowBits - 1) / kWindowBits),
      limbs_(mpz_size(modulus.get())) {
  modulus_ = Limbs(modulus, limbs_);
  // m^-1 mod 2^64 by Newton's iteration (each step doubles the correct low bits; m odd).
  mp_limb_t inv = modulus_[0];  // correct to 3 bits: m * m = 1 mod 8
  for (int i = 0; i < 5; ++i) inv *= 2 - modulus_[0] * inv;
  minus_inverse_ = ~inv + 1;

  table_.assign(windows_ * kDigits * limbs_, 0);
  BigInt reduced;
  mpz_mod(reduced.get(), base.get(), modulus.get());
  std::vector<mp_limb_t> one(limbs_, 0), step(limbs_), product(2 * limbs_ + 1),
      scratch(ScratchSize());
  one[0] = 1;
  std::vector<mp_limb_t> plain = Limbs(reduced, limbs_);
  ToMontgomery(step.data(), plain.data());  // base^(2^(w*i)) for the current row
  std::vector<mp_limb_t> one_m(limbs_);
  ToMontgomery(one_m.data(), one.data());
  for (size_t i = 0; i < windows_; ++i) {
    mp_limb_t* row = table_.data() + i * kDigits * limbs_;
    std::copy(one_m.begin(), one_m.end(), row);
    std::copy(step.begin(), step.end(), row + limbs_);
    for (size_t j = 2; j < kDigits; ++j) {
      MontMul(row + j * limbs_, row + (j - 1) * limbs_, step.data(), product.data(),
              scratch.data());
    }
    // base^(2^(w*(i+1))) = (entry kDigits-1) * step
    MontMul(step.data(), row + (kDigits - 1) * limbs_, step.data(), product.data(), scratch.data());
  }
  Wipe(plain);
  Wipe(step);
  Wipe(product);
}

FixedBasePow::~FixedBasePow() { Wipe(table_); }

size_t FixedBasePow::ScratchSize() const {
  const auto n = static_cast<mp_size_t>(limbs_);
  return static_cast<size_t>(std::max(mpn_sec_mul_itch(n, n), mpn_sec_div_r_itch(2 * n, n)));
}

void FixedBasePow::ToMontgomery(mp_limb_t* r, const mp_limb_t* x) const {
  std::vector<mp_limb_t> shifted(2 * limbs_, 0), scratch(ScratchSize());
  std::copy(x, x + limbs_, shifted.begin() + static_cast<std::ptrdiff_t>(limbs_));
  const auto n = static_cast<mp_size_t>(limbs_);
  mpn_sec_div_r(shifted.data(), 2 * n, modulus_.data(), n, scratch.data());
  std::copy(shifted.begin(), shifted.begin() + static_cast<std::ptrdiff_t>(limbs_), r);
  Wipe(shifted);
}

void FixedBasePow::Redc(mp_limb_t* r, mp_limb_t* t) const {
  const auto n = static_cast<mp_size_t>(limbs_);
  // Each round clears the lowest limb by adding a multiple of the modulus; the carry out of
  // that round is kept in the cleared limb and added back at the end, as mpn_redc_1 does.
  for (mp_size_t i = 0; i < n; ++i) {
    const mp_limb_t q = t[i] * minus_inverse_;
    t[i] = mpn_addmul_1(t + i, modulus_.data(), n, q);
  }
  mp_limb_t carry = mpn_add_n(r, t + n, t, n);  // r + carry 2^(64n) < 2 modulus
  const mp_limb_t borrow = mpn_sub_n(t, r, modulus_.data(), n);
  mpn_cnd_sub_n(carry | (borrow ^ 1), r, r, modulus_.data(), n);  // subtract when r >= m
}

void FixedBasePow::MontMul(mp_limb_t* r, const mp_limb_t* a, const mp_limb_t* b, mp_limb_t* product,
                           mp_limb_t* scratch) const {
  const auto n = static_cast<mp_size_t>(limbs_);
  mpn_sec_mul(product, a, n, b, n, scratch);
  Redc(r, product);
}

BigInt FixedBasePow::Pow(const BigInt& exponent) const {
  if (mpz_sgn(exponent.get()) < 0 || mpz_sizeinbase(exponent.get(), 2) > exponent_bits_) {
    std::abort();  // a caller drew an exponent outside the bound it promised
  }
  // One spare zero limb, so a window that straddles two limbs can always read the next one.
  std::vector<mp_limb_t> e = Limbs(exponent, (exponent_bits_ + 63) / 64 + 1);
  std::vector<mp_limb_t> acc(limbs_), entry(limbs_), product(2 * limbs_ + 1),
      scratch(ScratchSize());
  constexpr mp_limb_t kMask = kDigits - 1;
  for (size_t i = 0; i < windows_; ++i) {
    const size_t bit = i * kWindowBits, limb = bit / 64, shift = bit % 64;
    mp_limb_t digit = e[limb] >> shift;
    if (shift + kWindowBits > 64) digit |= e[limb + 1] << (64 - shift);
    digit &= kMask;
    mpn_sec_tabselect(i == 0 ? acc.data() : entry.data(), Row(i), static_cast<mp_size_t>(limbs_),
                      static_cast<mp_size_t>(kDigits), static_cast<mp_size_t>(digit));
    if (i > 0) MontMul(acc.data(), acc.data(), entry.data(), product.data(), scratch.data());
  }
  std::fill(product.begin(), product.end(), 0);  // out of Montgomery form: REDC(acc)
  std::copy(acc.begin(), acc.end(), product.begin());
  Redc(acc.data(), product.data());
  BigInt out;
  mpz_import(out.get(), limbs_, -1, sizeof(mp_limb_t), 0, 0, acc.data());
  Wipe(e);
  Wipe(acc);
  Wipe(entry);
  Wipe(product);
  return out;
}

}  // namespace cleanroom

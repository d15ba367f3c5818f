// FixedBasePow: g^e mod m for one fixed base g and odd modulus m, for many secret exponents e.
// It precomputes g^(j * 2^(w*i)) mod m for every w-bit window i of the exponent and every digit
// j, so a power costs one modular multiplication per window and no squarings (about 1/6 of the
// multiplications of square-and-multiply for w = 5). The scan of a row costs 2^w entries, so
// w = 5 balances it against the multiplications (2048-bit modulus, 1024-bit exponents, one
// noisy run each: 790 us per power at w = 5, 870-1080 at w = 4, 850-910 at w = 6; the table
// is 1.7 MB). Entries are kept in Montgomery form (x 2^(64 k) mod m for a k-limb m), so a
// product is an mpn_sec_mul followed by a Montgomery reduction. Time and memory accesses do not
// depend on e: the table entry is chosen by scanning the whole row (mpn_sec_tabselect), the
// reduction runs the same limb operations for every input and ends in a conditional subtraction by
// mask (mpn_cnd_sub_n), and setup uses GMP's side-channel silent mpn_sec_div_r. Invariant: the
// table is derived from the base, which callers may keep secret, so it is wiped when freed; the
// object is movable, not copyable.
#pragma once

#include <gmp.h>

#include <cstddef>
#include <vector>

#include "common/error.h"
#include "crypto/big_int.h"

namespace cleanroom {

class FixedBasePow {
 public:
  static constexpr unsigned kWindowBits = 5;

  // kInternal unless `modulus` is odd and > 1 and exponent_bits > 0.
  static Result<FixedBasePow> Create(const BigInt& base, const BigInt& modulus,
                                     size_t exponent_bits);
  ~FixedBasePow();
  FixedBasePow(FixedBasePow&&) noexcept = default;
  FixedBasePow& operator=(FixedBasePow&&) noexcept = default;
  FixedBasePow(const FixedBasePow&) = delete;
  FixedBasePow& operator=(const FixedBasePow&) = delete;

  // base^exponent mod modulus. Precondition 0 <= exponent < 2^exponent_bits (aborts if not:
  // callers draw exponents below a bound they chose).
  BigInt Pow(const BigInt& exponent) const;

  size_t exponent_bits() const { return exponent_bits_; }

 private:
  FixedBasePow(const BigInt& base, const BigInt& modulus, size_t exponent_bits);
  // r = a b / 2^(64 limbs_) mod modulus_ for a, b < modulus_ (r may alias a or b); `product`
  // holds 2 limbs_ + 1 limbs, `scratch` ScratchSize().
  void MontMul(mp_limb_t* r, const mp_limb_t* a, const mp_limb_t* b, mp_limb_t* product,
               mp_limb_t* scratch) const;
  // r = t / 2^(64 limbs_) mod modulus_ for t < modulus_ 2^(64 limbs_), t of 2 limbs_ limbs
  // (overwritten).
  void Redc(mp_limb_t* r, mp_limb_t* t) const;
  // r = x 2^(64 limbs_) mod modulus_ for x < modulus_.
  void ToMontgomery(mp_limb_t* r, const mp_limb_t* x) const;
  size_t ScratchSize() const;
  const mp_limb_t* Row(size_t window) const { return table_.data() + window * kDigits * limbs_; }

  static constexpr size_t kDigits = size_t{1} << kWindowBits;
  size_t exponent_bits_ = 0, windows_ = 0, limbs_ = 0;
  mp_limb_t minus_inverse_ = 0;  // -modulus^-1 mod 2^64
  std::vector<mp_limb_t> modulus_;
  std::vector<mp_limb_t> table_;  // windows_ rows of kDigits entries of limbs_ limbs
};

}  // namespace cleanroom

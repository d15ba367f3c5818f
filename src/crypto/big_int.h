// BigInt: an arbitrary-precision integer over GMP (mpz_t) with value semantics, for Paillier.
// Every limb buffer GMP frees is wiped first (a process-wide GMP allocator installed on first
// use), so private-key material held in BigInts does not linger in freed memory.
// Not constant-time: used only where timing reveals nothing secret to the peer beyond what
// the protocol reveals (see docs/psi.md).
#pragma once

#include <gmp.h>

#include <cstdint>
#include <string>

#include "common/bytes.h"

namespace cleanroom {

// Makes GMP wipe every block it frees (idempotent and thread-safe). BigInt calls it; code
// that uses GMP directly calls it first, so that the switch never races with GMP in use.
void InstallGmpWipingAllocator();

class BigInt {
 public:
  BigInt();
  explicit BigInt(int64_t v);
  ~BigInt();
  BigInt(const BigInt& other);
  BigInt& operator=(const BigInt& other);
  BigInt(BigInt&& other) noexcept;
  BigInt& operator=(BigInt&& other) noexcept;

  // Unsigned big-endian.
  static BigInt FromBytes(ByteView be);
  // Big-endian, left-padded with zeros to `width` bytes (0: minimal). The value must fit.
  Bytes ToBytes(size_t width = 0) const;
  std::string ToDecimal() const;
  // Uniform in [0, bound) from the CSPRNG. bound > 0.
  static BigInt RandomBelow(const BigInt& bound);
  // A uniformly random odd integer of exactly `bits` bits, from the CSPRNG.
  static BigInt RandomOddWithBits(size_t bits);

  size_t bits() const { return mpz_sizeinbase(v_, 2); }
  int Compare(const BigInt& o) const { return mpz_cmp(v_, o.v_); }
  bool operator==(const BigInt& o) const { return Compare(o) == 0; }
  bool IsZero() const { return mpz_sgn(v_) == 0; }

  mpz_ptr get() { return v_; }
  mpz_srcptr get() const { return v_; }

 private:
  mpz_t v_;
};

}  // namespace cleanroom

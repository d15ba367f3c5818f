#include "crypto/big_int.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <new>

#include "crypto/csprng.h"
#include "crypto/sodium_init.h"

namespace cleanroom {
namespace {

void* WipingAlloc(size_t n) {
  void* p = std::malloc(n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void WipingFree(void* p, size_t n) {
  if (p == nullptr) return;
  sodium_memzero(p, n);
  std::free(p);
}

void* WipingRealloc(void* old, size_t old_n, size_t new_n) {
  void* p = WipingAlloc(new_n);
  std::memcpy(p, old, old_n < new_n ? old_n : new_n);
  WipingFree(old, old_n);
  return p;
}

}  // namespace

// Compatible with blocks GMP allocated before (plain malloc), so the order does not matter.
void InstallGmpWipingAllocator() {
  static const bool done = [] {
    EnsureSodium();
    mp_set_memory_functions(WipingAlloc, WipingRealloc, WipingFree);
    return true;
  }();
  (void)done;
}

BigInt::BigInt() {
  InstallGmpWipingAllocator();
  mpz_init(v_);
}
BigInt::BigInt(int64_t v) : BigInt() {
  uint64_t mag = v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  mpz_import(v_, 1, 1, sizeof mag, 0, 0, &mag);
  if (v < 0) mpz_neg(v_, v_);
}
BigInt::~BigInt() { mpz_clear(v_); }
BigInt::BigInt(const BigInt& other) : BigInt() { mpz_set(v_, other.v_); }
BigInt& BigInt::operator=(const BigInt& other) {
  if (this != &other) mpz_set(v_, other.v_);
  return *this;
}
BigInt::BigInt(BigInt&& other) noexcept : BigInt() { mpz_swap(v_, other.v_); }
BigInt& BigInt::operator=(BigInt&& other) noexcept {
  mpz_swap(v_, other.v_);
  return *this;
}

BigInt BigInt::FromBytes(ByteView be) {
  BigInt r;
  if (!be.empty()) mpz_import(r.v_, be.size(), 1, 1, 0, 0, be.data());
  return r;
}

Bytes BigInt::ToBytes(size_t width) const {
  size_t len = (mpz_sizeinbase(v_, 2) + 7) / 8;
  if (mpz_sgn(v_) == 0) len = 0;
  size_t out_len = width == 0 ? len : width;
  Bytes out(out_len, 0);
  if (len > 0 && len <= out_len) {
    size_t written = 0;
    mpz_export(out.data() + (out_len - len), &written, 1, 1, 0, 0, v_);
  }
  return out;
}

std::string BigInt::ToDecimal() const {
  std::string s(mpz_sizeinbase(v_, 10) + 2, '\0');
  mpz_get_str(s.data(), 10, v_);
  s.resize(std::strlen(s.c_str()));
  return s;
}

BigInt BigInt::RandomBelow(const BigInt& bound) {
  // Rejection sampling over bit strings of bound's length: uniform, no modulo bias.
  size_t bits = bound.bits();
  size_t nbytes = (bits + 7) / 8;
  for (;;) {
    Bytes b = RandomBytes(nbytes);
    if (bits % 8 != 0) b[0] &= static_cast<uint8_t>((1u << (bits % 8)) - 1);
    BigInt r = FromBytes(b);
    sodium_memzero(b.data(), b.size());
    if (r.Compare(bound) < 0) return r;
  }
}

BigInt BigInt::RandomOddWithBits(size_t bits) {
  size_t nbytes = (bits + 7) / 8;
  Bytes b = RandomBytes(nbytes);
  size_t extra = nbytes * 8 - bits;
  b[0] &= static_cast<uint8_t>(0xff >> extra);
  b[0] |= static_cast<uint8_t>(0x80 >> extra);  // exactly `bits` bits
  b.back() |= 1;                                // odd
  BigInt r = FromBytes(b);
  sodium_memzero(b.data(), b.size());
  return r;
}

}  // namespace cleanroom

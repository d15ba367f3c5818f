#include "crypto/curve25519_side.h"

#include <gmp.h>
#include <sodium.h>

#include "crypto/big_int.h"

namespace cleanroom {
namespace {

// GMP integers kept per thread (one allocation per thread, not per call); their limbs are
// wiped after every use, since u is derived from an identifier.
struct Workspace {
  mpz_t p, u, t;
  Workspace() {
    InstallGmpWipingAllocator();
    mpz_inits(p, u, t, nullptr);
    mpz_ui_pow_ui(p, 2, 255);
    mpz_sub_ui(p, p, 19);
  }
  ~Workspace() {
    Wipe();
    mpz_clears(p, u, t, nullptr);
  }
  void Wipe() {
    sodium_memzero(u->_mp_d, static_cast<size_t>(u->_mp_alloc) * sizeof(mp_limb_t));
    sodium_memzero(t->_mp_d, static_cast<size_t>(t->_mp_alloc) * sizeof(mp_limb_t));
  }
};

}  // namespace

bool IsOnCurve25519(const uint8_t u_bytes[32]) {
  thread_local Workspace w;
  uint8_t bytes[32];
  for (int i = 0; i < 32; ++i) bytes[i] = u_bytes[i];
  bytes[31] &= 0x7f;
  mpz_import(w.u, 32, -1, 1, -1, 0, bytes);  // little-endian bytes
  sodium_memzero(bytes, sizeof bytes);
  mpz_mod(w.u, w.u, w.p);
  // t = u * (u * (u + A) + 1) = u^3 + A u^2 + u, with A = 486662.
  mpz_add_ui(w.t, w.u, 486662);
  mpz_mul(w.t, w.t, w.u);
  mpz_add_ui(w.t, w.t, 1);
  mpz_mul(w.t, w.t, w.u);
  mpz_mod(w.t, w.t, w.p);
  bool square = mpz_legendre(w.t, w.p) == 1;
  w.Wipe();
  return square;
}

}  // namespace cleanroom

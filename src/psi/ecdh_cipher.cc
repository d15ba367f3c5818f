#include "psi/ecdh_cipher.h"

#include <sodium.h>

#include <atomic>

#include "crypto/csprng.h"
#include "crypto/ristretto255.h"
#include "crypto/sodium_init.h"
#include "psi/parallel.h"

namespace cleanroom::psi {
namespace {

void HashId(Group g, std::string_view id, uint8_t out[64]) {
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  // Domain separation, the NUL included so that no domain is a prefix of another.
  static constexpr char kRistretto[] = "cleanroom-psi/1 ristretto255";
  static constexpr char kX25519[] = "cleanroom-psi/1 x25519";
  std::string_view domain = g == Group::kRistretto255
                                ? std::string_view(kRistretto, sizeof kRistretto)
                                : std::string_view(kX25519, sizeof kX25519);
  crypto_hash_sha512_update(&st, reinterpret_cast<const uint8_t*>(domain.data()), domain.size());
  crypto_hash_sha512_update(&st, reinterpret_cast<const uint8_t*>(id.data()), id.size());
  crypto_hash_sha512_final(&st, out);
}

}  // namespace

const char* GroupName(Group g) { return g == Group::kRistretto255 ? "ristretto255" : "x25519"; }

Result<Group> ParseGroup(std::string_view name) {
  if (name == "ristretto255") return Group::kRistretto255;
  if (name == "x25519") return Group::kX25519;
  return MakeError(ErrorCode::kUsage,
                   "unknown group '" + std::string(name) + "' (use ristretto255 or x25519)");
}

EcdhCipher EcdhCipher::CreateWithNewKey(Group group, int threads) {
  EnsureSodium();
  if (group == Group::kRistretto255) {
    RistrettoScalar k = RistrettoScalar::Random();
    return EcdhCipher(group, k.bytes().Clone(), threads);
  }
  SecretBytes k(crypto_scalarmult_curve25519_SCALARBYTES);
  RandomBytes(k.mutable_view());  // clamped by X25519 itself
  return EcdhCipher(group, std::move(k), threads);
}

Bytes EcdhCipher::HashAndBlind(const std::vector<std::string>& ids) const {
  Bytes out(ids.size() * kElementSize);
  ParallelFor(ids.size(), threads_, [&](size_t b, size_t e) {
    uint8_t h[64];
    uint8_t p[32];
    for (size_t i = b; i < e; ++i) {
      HashId(group_, ids[i], h);
      uint8_t* dst = out.data() + i * kElementSize;
      int rc;
      if (group_ == Group::kRistretto255) {
        crypto_core_ristretto255_from_hash(p, h);
        rc = crypto_scalarmult_ristretto255(dst, key_.data(), p);
      } else {
        h[31] &= 0x7f;
        rc = crypto_scalarmult_curve25519(dst, key_.data(), h);
      }
      // A hash that maps to the identity / a small-order point has negligible probability;
      // should it happen, the element is a fixed value that matches nothing meaningful.
      (void)rc;
    }
    sodium_memzero(h, sizeof h);
  });
  return out;
}

Result<Bytes> EcdhCipher::Reblind(ByteView elements) const {
  if (elements.size() % kElementSize != 0) {
    return MakeError(ErrorCode::kBadInput,
                     "malformed message from peer: a list of elements whose "
                     "size is not a multiple of 32 bytes");
  }
  size_t n = elements.size() / kElementSize;
  Bytes out(elements.size());
  std::atomic<size_t> first_bad{SIZE_MAX};
  ParallelFor(n, threads_, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      const uint8_t* src = elements.data() + i * kElementSize;
      uint8_t* dst = out.data() + i * kElementSize;
      int rc = group_ == Group::kRistretto255
                   ? crypto_scalarmult_ristretto255(dst, key_.data(), src)
                   : crypto_scalarmult_curve25519(dst, key_.data(), src);
      if (rc != 0) {
        size_t cur = first_bad.load();
        while (i < cur && !first_bad.compare_exchange_weak(cur, i)) {
        }
      }
    }
  });
  if (first_bad.load() != SIZE_MAX) {
    return MakeError(ErrorCode::kBadInput, "malformed message from peer: element " +
                                               std::to_string(first_bad.load()) +
                                               " is not a valid " + GroupName(group_) + " element");
  }
  return out;
}

}  // namespace cleanroom::psi

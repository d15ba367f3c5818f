// EcdhCipher: the commutative blinding of ECDH-PSI. Holds one party's secret exponent k for one
// session and maps identifiers x to H(x)^k and peer elements y to y^k, so that
// (H(x)^a)^b = (H(x)^b)^a. Two groups:
//   ristretto255 - the prime-order group of RFC 9496; H = the one-way map over SHA-512
//                  (a random oracle into the group); the default.
//   x25519       - the faster path: Curve25519 x-coordinates with the X25519 function
//                  (RFC 7748, computed by OpenSSL); H = the first SHA-512 candidate
//                  u-coordinate that lies on the curve, not its twist (try and increment);
//                  the clamped exponent (a multiple of 8) sends it into the prime-order
//                  subgroup, the group ristretto255 is built on. See docs/psi.md.
// Batches run on `threads` threads. Non-copyable; the exponent is wiped on destruction.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/secret_bytes.h"

namespace cleanroom::psi {

inline constexpr size_t kElementSize = 32;

enum class Group { kRistretto255, kX25519 };
const char* GroupName(Group g);
// kUsage unless "ristretto255" or "x25519".
Result<Group> ParseGroup(std::string_view name);

class EcdhCipher {
 public:
  // A fresh uniformly random exponent from the CSPRNG.
  static EcdhCipher CreateWithNewKey(Group group, int threads = 2);
  // A given exponent (32 bytes; for ristretto255 canonical and non-zero), for tests against
  // published vectors. kBadInput otherwise.
  static Result<EcdhCipher> CreateFromKey(Group group, SecretBytes key, int threads = 2);
  EcdhCipher(EcdhCipher&&) = default;
  EcdhCipher& operator=(EcdhCipher&&) = default;
  EcdhCipher(const EcdhCipher&) = delete;
  EcdhCipher& operator=(const EcdhCipher&) = delete;

  Group group() const { return group_; }
  // H(id)^k for each id, concatenated (kElementSize bytes each).
  Bytes HashAndBlind(const std::vector<std::string>& ids) const;
  // y^k for each element of `elements` (a multiple of kElementSize bytes). kBadInput naming the
  // first element that is not a valid group element (or whose product is the identity).
  Result<Bytes> Reblind(ByteView elements) const;

 private:
  EcdhCipher(Group g, SecretBytes key, int threads)
      : group_(g), key_(std::move(key)), threads_(threads) {}
  Group group_;
  SecretBytes key_;
  int threads_;
};

}  // namespace cleanroom::psi

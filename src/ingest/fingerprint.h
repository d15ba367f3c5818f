// Fingerprints: what replaces a join identifier before it leaves the party's machine.
//   key         = HKDF-SHA256(ikm = room join salt, salt = "cleanroom/fingerprint/v1",
//                             info = room id, 32 bytes)
//   fingerprint = HMAC-SHA256(key, normalised identifier)
// Parties of one room (same salt, same room id) get equal fingerprints for equal
// normalised identifiers; without the salt a fingerprint cannot be tested against a guess.
// The key lives in wiped memory; a Fingerprinter is immutable, so Compute is thread-safe.
#pragma once

#include <string_view>

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/hmac.h"
#include "storage/column_vector.h"

namespace cleanroom {

inline constexpr size_t kJoinSaltSize = 32;  // `cleanroom salt` writes 32 random bytes

class Fingerprinter {
 public:
  // kBadInput when the salt is not kJoinSaltSize bytes or the room id is empty.
  static Result<Fingerprinter> Create(ByteView join_salt, std::string_view room);

  // `normalized` is the output of NormalizeIdentifier (ingest/normalize.h).
  Fingerprint Compute(std::string_view normalized) const;

 private:
  explicit Fingerprinter(HmacSha256Key key) : key_(std::move(key)) {}
  HmacSha256Key key_;
};

}  // namespace cleanroom

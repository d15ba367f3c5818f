#include "ingest/fingerprint.h"

#include <string>

#include "crypto/hkdf.h"

namespace cleanroom {

Result<Fingerprinter> Fingerprinter::Create(ByteView join_salt, std::string_view room) {
  if (join_salt.size() != kJoinSaltSize) {
    return MakeError(ErrorCode::kBadInput, "the room's join salt must be " +
                                               std::to_string(kJoinSaltSize) + " bytes, got " +
                                               std::to_string(join_salt.size()) +
                                               " (make one with 'cleanroom salt --out room.salt')");
  }
  if (room.empty()) return MakeError(ErrorCode::kBadInput, "the room id is empty");
  CR_ASSIGN_OR_RETURN(SecretBytes key, HkdfSha256(join_salt, AsBytes("cleanroom/fingerprint/v1"),
                                                  AsBytes(room), 32));
  return Fingerprinter(HmacSha256Key(key.view()));
}

Fingerprint Fingerprinter::Compute(std::string_view normalized) const {
  return key_.Compute(AsBytes(normalized));
}

}  // namespace cleanroom

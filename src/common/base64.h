// Standard base64 (RFC 4648 section 4, with padding), used for keys and signatures
// in text files ("ed25519:<base64>").
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/error.h"

namespace cleanroom {

std::string Base64Encode(ByteView data);
// Strict: padding required, no whitespace, no URL alphabet. Fails with kBadInput.
Result<Bytes> Base64Decode(std::string_view text);

}  // namespace cleanroom

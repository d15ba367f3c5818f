// Lower-case hexadecimal encoding of bytes.
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/error.h"

namespace cleanroom {

std::string HexEncode(ByteView data);
// Accepts upper and lower case; fails (kBadInput) on odd length or a non-hex character.
Result<Bytes> HexDecode(std::string_view text);

}  // namespace cleanroom

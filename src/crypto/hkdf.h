// HKDF-SHA256 (RFC 5869) through OpenSSL: derives keys from a secret (e.g. the room's
// join salt) with a context label, so one secret never serves two purposes.
#pragma once

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/secret_bytes.h"

namespace cleanroom {

// Fails (kInternal) only if `length` > 255 * 32.
Result<SecretBytes> HkdfSha256(ByteView ikm, ByteView salt, ByteView info, size_t length);

}  // namespace cleanroom

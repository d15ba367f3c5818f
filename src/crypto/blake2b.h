// BLAKE2b (RFC 7693), unkeyed, through libsodium's crypto_generichash. Used where a bundle
// needs a public digest of bulk ciphertext (the manifest's per-file digests): it is about
// three times faster than SHA-256 on CPUs without SHA extensions, and as strong.
#pragma once

#include <array>
#include <span>
#include <string>

#include "common/bytes.h"

namespace cleanroom {

using Blake2b256Digest = std::array<uint8_t, 32>;

// BLAKE2b with a digest of out.size() bytes (16 to 64; aborts otherwise).
void Blake2b(ByteView data, std::span<uint8_t> out);
// BLAKE2b-256: a 32-byte digest.
Blake2b256Digest Blake2b256(ByteView data);
// "blake2b256:<hex>", the form used in manifests.
std::string Blake2b256Tagged(const Blake2b256Digest& digest);

}  // namespace cleanroom

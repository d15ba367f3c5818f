#include "crypto/blake2b.h"

#include <cstdlib>

#include "common/hex.h"
#include "crypto/sodium_init.h"

namespace cleanroom {

void Blake2b(ByteView data, std::span<uint8_t> out) {
  EnsureSodium();
  if (out.size() < crypto_generichash_BYTES_MIN || out.size() > crypto_generichash_BYTES_MAX ||
      crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0) != 0) {
    std::abort();
  }
}

Blake2b256Digest Blake2b256(ByteView data) {
  Blake2b256Digest out;
  Blake2b(data, out);
  return out;
}

std::string Blake2b256Tagged(const Blake2b256Digest& digest) {
  return "blake2b256:" + HexEncode(digest);
}

}  // namespace cleanroom

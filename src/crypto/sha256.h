// SHA-256 (FIPS 180-4) through OpenSSL: one-shot and incremental.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "common/bytes.h"

namespace cleanroom {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(ByteView data);
inline Sha256Digest Sha256(std::string_view text) { return Sha256(AsBytes(text)); }
// "sha256:<hex>", the form used in policies, manifests and results.
std::string Sha256Tagged(const Sha256Digest& digest);

// Incremental hashing of data that arrives in pieces (a file, a stream of chunks).
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(ByteView data);
  Sha256Digest Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace cleanroom

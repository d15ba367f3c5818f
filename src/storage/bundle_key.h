// BundleKey: the data key of one bundle, with the room, dataset and bundle id it belongs to.
// Made fresh (CSPRNG) for every bundle at prepare; stays with the party until it is sealed
// to an attested enclave. Kept in BUNDLE.key (mode 0600), a small JSON file:
//   {"format": "cleanroom-bundle-key/1", "room": "fall25", "dataset": "purchases",
//    "bundle_id": "<32 hex>", "data_key": "<base64 of 32 bytes>"}
// Two subkeys are derived from the data key (HKDF-SHA256): one seals the chunks
// (AES-256-GCM), one authenticates the manifest (HMAC-SHA256). Non-copyable; wiped.
#pragma once

#include <string>

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/secret_bytes.h"

namespace cleanroom {

inline constexpr size_t kDataKeySize = 32;
inline constexpr size_t kBundleIdSize = 16;

struct BundleKey {
  std::string room;
  std::string dataset;
  std::string bundle_id;  // 32 lower-case hex characters
  SecretBytes data_key;   // kDataKeySize bytes

  // A fresh key and bundle id for (room, dataset).
  static BundleKey Generate(std::string room, std::string dataset);
  // Parses the JSON text of a key file; kBadInput naming `source` when malformed.
  static Result<BundleKey> FromText(std::string_view text, const std::string& source);
  // The JSON text (holds the secret: the caller wipes it, see WipeString).
  std::string ToText() const;
};

// Reads a key file (kIo when unreadable, kBadInput when malformed).
Result<BundleKey> LoadBundleKey(const std::string& path);
// Writes a key file atomically, mode 0600; fails (kIo) if `path` already exists.
Status SaveBundleKey(const std::string& path, const BundleKey& key);

// The subkeys derived from a data key.
struct BundleSubkeys {
  SecretBytes chunk_key;     // AES-256-GCM key of every chunk
  SecretBytes manifest_key;  // HMAC-SHA256 key of the manifest
};
BundleSubkeys DeriveBundleSubkeys(const BundleKey& key);

}  // namespace cleanroom

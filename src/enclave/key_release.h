// Key release (docs/architecture.md §2, step 4): a party seals its bundle's data key to the
// attested enclave's X25519 key. The sealed payload binds the key to room, dataset and bundle:
//   "cleanroom-key v1\n" room "\n" dataset "\n" bundle_id "\n" || 32 key bytes
// so the host cannot present one dataset's key as another's, nor replay it into another room.
#pragma once

#include <string>

#include "common/error.h"
#include "crypto/sealed_box.h"
#include "crypto/secret_bytes.h"
#include "storage/bundle_key.h"

namespace cleanroom {

Bytes SealDataKey(const X25519PublicKey& enclave_key, const BundleKey& key);

// kIntegrity when the box does not open, or is bound to another room or dataset.
Result<BundleKey> OpenDataKey(const X25519KeyPair& enclave_keys, ByteView sealed,
                              const std::string& room, const std::string& dataset);

}  // namespace cleanroom

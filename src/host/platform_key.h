// The simulated TEE's platform key (docs/architecture.md §3): on a machine without SEV-SNP or
// TDX, attestation reports are signed by this local Ed25519 key, kept in the host's state
// directory as platform.key (mode 0600). Whoever can read it — the host's operator — can
// forge reports: a simulated TEE protects nothing against the host (docs/threat-model.md).
#pragma once

#include <string>

#include "common/error.h"
#include "crypto/secret_bytes.h"

namespace cleanroom {

// The 32-byte seed in STATE_DIR/platform.key, made on first use. kIo on failure.
Result<SecretBytes> LoadOrCreatePlatformSeed(const std::string& state_dir);

// Creates `dir` (and parents) with mode 0700 if missing. kIo on failure.
Status EnsureStateDir(const std::string& dir);

}  // namespace cleanroom

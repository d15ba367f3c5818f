// The enclave's measurement: SHA-256 of the cleanroom-enclave binary, "sha256:<hex>".
// Parties write the expected value into the policy they sign; the host finds the binary
// it will start, and the enclave measures itself before it accepts a policy.
#pragma once

#include <string>

#include "common/error.h"

namespace cleanroom {

// "sha256:<hex>" of the file at `path` (kIo when unreadable).
Result<std::string> MeasureBinary(const std::string& path);

// The enclave the host would start: $CLEANROOM_ENCLAVE if set, else cleanroom-enclave
// beside the running executable.
std::string DefaultEnclavePath();

}  // namespace cleanroom

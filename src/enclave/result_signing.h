// Signed results (docs/architecture.md §2, step 6): the enclave signs the canonical JSON (RFC
// 8785) of the result object without its "signature" member, with its attested Ed25519 key.
// The result names query_sha256, policy_sha256 and attestation_sha256, so a verifier who
// holds the attestation report can check which enclave answered which query under which
// policy.
#pragma once

#include "common/error.h"
#include "common/json_util.h"
#include "crypto/ed25519.h"
#include "enclave/attestation.h"

namespace cleanroom {

// Adds "signature": "ed25519:..." to `result`.
Status SignResult(Json& result, const Ed25519KeyPair& enclave_key);

// Checks the result against a verified attestation report: its attestation_sha256 and
// policy_sha256 name this report, and its signature verifies under the report's key.
// kIntegrity naming what fails.
Status VerifyResult(const Json& result, const AttestationReport& report);

}  // namespace cleanroom

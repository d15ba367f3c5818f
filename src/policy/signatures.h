// Policy signatures: each party signs the policy hash with its identity key; the
// signatures live beside the policy in POLICY.sigs:
//   {"policy_sha256": "sha256:<hex>", "signatures": {"shopgood": "ed25519:<base64>", ...}}
// The signed message is "cleanroom policy signature v1\n" + room + "\n" + "sha256:<hex>",
// so a signature is bound to this exact policy and cannot be replayed onto another.
// A room is active only when every party has signed (VerifyAllSigned).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "crypto/ed25519.h"
#include "policy/identity.h"
#include "policy/policy.h"

namespace cleanroom {

struct PolicySignatures {
  std::string policy_sha256;  // the hash the signatures were made over
  std::map<std::string, Ed25519Signature> by_party;
};

std::string SignaturesPathFor(const std::string& policy_path);  // POLICY + ".sigs"
std::string PolicySigningMessage(const Policy& policy);

// A missing file is an empty set. kBadInput "PATH: field: ..." when malformed.
Result<PolicySignatures> LoadPolicySignatures(const std::string& path);
Status SavePolicySignatures(const std::string& path, const PolicySignatures& sigs);

// Adds `id`'s signature. kIntegrity when `id` is not a party of the policy or its key is
// not the key the policy lists for it. Signatures over another hash are discarded.
Status AddSignature(const Policy& policy, const Identity& id, PolicySignatures& sigs);

// Ok when every party has a valid signature over this policy's hash. Otherwise kIntegrity
// naming each party that has not signed and each signature that does not verify.
Status VerifyAllSigned(const Policy& policy, const PolicySignatures& sigs);

}  // namespace cleanroom

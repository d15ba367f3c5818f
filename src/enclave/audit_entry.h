// One entry of a room's audit log (docs/audit-log.md), and how the enclave signs the entries it
// decides. Lives on the enclave boundary because both sides need it: the enclave builds and
// signs entry bodies; the host chains them into audit.jsonl (host/audit_log.h) and anyone
// verifies them.
//
// An entry has three layers:
//   body      time, actor, action, decision, and optionally query_sha256, epsilon_spent,
//             detail, enclave_seq, attestation_sha256. What the enclave signs (it cannot know
//             the chain position).
//   signature "ed25519:..." by the enclave over "cleanroom/audit-entry/v1\n" || JCS(body); the
//             prefix keeps an audit signature from ever passing as a result signature.
//   chain     seq, prev; and hash = sha256 over JCS(body + signature + seq + prev), i.e. the
//             whole entry without "hash". The host adds this layer.
// Invariant of a signed entry: actor is "enclave", attestation_sha256 names the attestation
// report of the enclave that signed it (recorded earlier in the log by an "attest" entry), and
// enclave_seq counts the entries this enclave signed since it was attested (1, 2, 3, ...), so
// the host can neither drop, repeat nor reorder them without a verifier noticing. Naming the
// attestation lets the entries of enclaves that run at the same time on one log interleave.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/json_util.h"
#include "crypto/ed25519.h"
#include "enclave/attestation.h"

namespace cleanroom {

inline constexpr const char* kAuditActorEnclave = "enclave";
inline constexpr const char* kAuditActorHost = "host";
// The action that starts an enclave epoch; its detail names the enclave's signing key.
inline constexpr const char* kAuditActionAttest = "attest";
// "sha256:" followed by 64 zeros: the prev of the first entry.
inline constexpr const char* kAuditGenesisPrev =
    "sha256:0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  // Body.
  std::string time;      // RFC 3339 UTC; empty means "now" when the entry is signed or appended
  std::string actor;     // a party name, "host" or "enclave"
  std::string action;    // "room.activate", "attest", "key.release", "query", "query.rejected"...
  std::string decision;  // "allowed", "rejected", "suppressed", ...
  std::optional<std::string> query_sha256;
  std::optional<double> epsilon_spent;
  Json detail;                                    // null when absent; else a string or an object
  std::optional<uint64_t> enclave_seq;            // set by EnclaveAuditSigner
  std::optional<std::string> attestation_sha256;  // set by EnclaveAuditSigner
  // Signature (enclave entries only).
  std::optional<Ed25519Signature> signature;
  // Chain (set by AuditLog::Append).
  uint64_t seq = 0;
  std::string prev;
  std::string hash;

  Json Body() const;
  // Body + signature: what the enclave hands the host.
  Json SignedBody() const;
  // Everything but "hash": what the chain hash covers.
  Json Chained() const;
  // The whole entry: one line of audit.jsonl.
  Json ToJson() const;

  // Parses an entry; with `chained` the chain fields (seq, prev, hash) are required, without
  // they must be absent. Unknown fields are refused. kIntegrity naming `source` and the field.
  static Result<AuditEntry> FromJson(const Json& j, const std::string& source, bool chained);
};

// The bytes the enclave signs: "cleanroom/audit-entry/v1\n" || JCS(entry.Body()).
Result<std::string> AuditSigningMessage(const AuditEntry& entry);
// "sha256:<hex>" of JCS(entry.Chained()).
Result<std::string> AuditEntryHash(const AuditEntry& entry);
// Whether entry.signature verifies under `key` (false when unsigned).
bool VerifyAuditSignature(const AuditEntry& entry, const Ed25519PublicKey& key);

// Enclave side: signs the entries the enclave decides, numbering them 1, 2, 3, ... One per
// enclave session; borrows the enclave's attested key, which must outlive it, and names the
// attestation report (its AttestationReport::Hash()) that vouches for the key. Not
// thread-safe.
class EnclaveAuditSigner {
 public:
  EnclaveAuditSigner(const Ed25519KeyPair& key, std::string attestation_sha256)
      : key_(key), attestation_sha256_(std::move(attestation_sha256)) {}
  // Sets actor "enclave", the time (if empty), enclave_seq and attestation_sha256, and signs.
  // Send entry.SignedBody() to the host.
  Result<AuditEntry> Sign(AuditEntry entry);

 private:
  const Ed25519KeyPair& key_;
  std::string attestation_sha256_;
  uint64_t next_seq_ = 1;
};

// Host side: the entry that records an accepted attestation and starts an enclave epoch.
// detail = {enclave_signing_key, attestation_sha256, tee, measurement, policy_sha256}.
AuditEntry AttestationAuditEntry(const AttestationReport& report);

}  // namespace cleanroom

// A room's audit log: audit.jsonl in the state directory, one JSON entry per line
// (enclave/audit_entry.h; format and guarantees in docs/audit-log.md). Append-only and
// hash-chained: entry n names the hash of entry n-1 in "prev", the first names 64 zeros.
// Entries the enclave decided carry its signature, its own counter (enclave_seq) and the hash
// of its attestation, whose "attest" entry earlier in the log gives the key; so the entries of
// enclaves that run at the same time interleave and each verifies.
//
// Invariant: Append never writes an entry that would make VerifyAuditLog fail, and refuses to
// extend a log that already fails it. Appends from several processes are serialised by an
// exclusive flock(2) on the file and are durable (fsync) when Append returns.
#pragma once

#include <cstdint>
#include <string>

#include "common/error.h"
#include "common/json_util.h"
#include "enclave/audit_entry.h"

namespace cleanroom {

inline constexpr const char* kAuditLogFile = "audit.jsonl";

struct AuditSummary {
  uint64_t entries = 0;
  std::string first_time;  // empty when there are no entries
  std::string last_time;
  std::string head = kAuditGenesisPrev;  // hash of the last entry
  uint64_t enclave_signed = 0;           // entries signed by an attested enclave
  uint64_t attestations = 0;             // "attest" entries (enclave epochs)
};

class AuditLog {
 public:
  // Creates `state_dir` (and an empty audit.jsonl) if missing. kIo when it cannot.
  static Result<AuditLog> Open(const std::string& state_dir);

  const std::string& path() const { return path_; }

  // Chains `entry` (sets seq, prev, hash; the time when empty) and appends it; returns its
  // hash. `entry` is either built by the host (no signature, no enclave_seq) or one the
  // enclave signed (EnclaveAuditSigner). kIntegrity, writing nothing, when the log is damaged
  // or the entry would not verify (e.g. a signature that the attested key does not accept, an
  // enclave_seq out of order); kIo on a failed write (the partial line is removed).
  Result<std::string> Append(AuditEntry entry);
  // Appends what the enclave sent: the JSON of AuditEntry::SignedBody(). kIntegrity when it
  // is malformed or unsigned.
  Result<std::string> AppendSigned(const Json& signed_body);

 private:
  explicit AuditLog(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Checks every line of the log at `path`: JSON shape, seq, prev (the chain), hash, and for
// signed entries the enclave signature and enclave_seq under the latest attested key. kIo when
// the file is missing; kIntegrity "audit.jsonl:LINE: what is wrong" at the first problem.
Result<AuditSummary> VerifyAuditLog(const std::string& path);

}  // namespace cleanroom

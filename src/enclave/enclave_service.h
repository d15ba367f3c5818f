// EnclaveService: the trusted side's state machine, one instance per enclave process. It
// answers the ECALLs of docs/architecture.md §3 — init(policy) -> attestation,
// provision_key(dataset, sealed key), execute(plan) -> signed result — and reaches the
// host only through an OcallChannel. It trusts nothing the host sends: the policy must carry
// every party's signature and name this enclave's own measurement, a sealed key must be
// bound to a dataset of that policy, and every plan is rebuilt and re-checked against it.
// Keys live only here, in SecretBytes (locked, wiped on destruction).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/ed25519.h"
#include "crypto/sealed_box.h"
#include "enclave/attestation.h"
#include "enclave/audit_entry.h"
#include "enclave/frame.h"
#include "policy/policy.h"
#include "storage/bundle_key.h"

namespace cleanroom {

// How the enclave asks the host for something during an ECALL (read a chunk, commit a
// budget charge). The host's answer is untrusted input.
class OcallChannel {
 public:
  virtual ~OcallChannel() = default;
  virtual Result<Bytes> Call(MessageType type, ByteView body) = 0;
};

class EnclaveService {
 public:
  // `self_measurement`: "sha256:<hex>" of this enclave's own binary, measured at start.
  explicit EnclaveService(std::string self_measurement);
  ~EnclaveService();

  // Dispatches one ECALL; the reply body, or the error to send back.
  Result<Bytes> Handle(MessageType type, ByteView body, OcallChannel& host);

  bool initialised() const { return policy_.has_value(); }

 private:
  Result<Bytes> Init(ByteView body);
  Result<Bytes> ProvisionKey(ByteView body);
  Result<Bytes> Execute(ByteView body, OcallChannel& host);

  std::string self_measurement_;
  std::optional<Policy> policy_;
  std::optional<Ed25519KeyPair> signing_key_;
  std::optional<X25519KeyPair> encryption_key_;
  std::optional<AttestationReport> report_;
  std::optional<EnclaveAuditSigner> audit_;
  std::map<std::string, BundleKey> data_keys_;  // by dataset
};

}  // namespace cleanroom

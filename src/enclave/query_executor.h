// The execute ECALL: rebuild the plan the host sent and re-check it against the attested
// policy, fetch and decrypt only the chunks it needs (through OCALLs), run the engine and
// the privacy layer, have the host commit the budget charge durably, and sign the result.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "common/json_util.h"
#include "crypto/ed25519.h"
#include "crypto/secret_bytes.h"
#include "enclave/attestation.h"
#include "enclave/audit_entry.h"
#include "enclave/enclave_service.h"
#include "policy/policy.h"
#include "sql/plan.h"
#include "storage/bundle_key.h"

namespace cleanroom {

struct QueryContext {
  const Policy& policy;
  const AttestationReport& report;
  const Ed25519KeyPair& signing_key;
  const std::map<std::string, BundleKey>& data_keys;
  EnclaveAuditSigner& audit;
};

// An execute request as the enclave reads it from the host: {"plan": <plan JSON>, "epsilon":
// E or null}. The plan is rebuilt and re-checked against the attested policy; the plan names
// analyst and purpose.
struct ExecuteRequest {
  sql::Plan plan;
  std::optional<double> epsilon;
};
// kIntegrity for a malformed body (the host is untrusted), kRejected for a plan the policy
// does not allow.
Result<ExecuteRequest> ReadExecuteRequest(std::string_view body, const Policy& policy);

// Runs `request`. Returns {"result": the signed result object of docs/cli.md, "audit": the signed
// audit entry}. query_sha256 is SHA-256 of the RFC 8785 form of the re-validated plan, which the
// enclave can vouch for (it never sees the SQL text).
Result<Json> ExecuteQuery(const QueryContext& ctx, const ExecuteRequest& request,
                          OcallChannel& host);

}  // namespace cleanroom

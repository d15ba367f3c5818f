// A one-shot query on this machine (`cleanroom run`, docs/architecture.md §2, steps 3-6): the host
// side in this process — check the policy's signatures, parse and check the SQL, plan, start
// the enclave as a child, verify its attestation, release the data keys to it, proxy its
// chunk reads, commit its budget charge to the ledger, and chain everything into the audit
// log — and the enclave in its own sandboxed process, which re-checks all of it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/json_util.h"
#include "enclave/attestation.h"

namespace cleanroom {

struct DataBinding {
  std::string dataset;
  std::string bundle_dir;
  std::string key_path;
};

struct LocalRunRequest {
  std::string policy_path;
  std::vector<DataBinding> data;
  std::string identity_path;  // the analyst's NAME.id
  std::string purpose;
  std::optional<double> epsilon;
  std::string state_dir = ".cleanroom";
  bool allow_simulated = false;  // also allowed by the policy's enclave.allow_simulated
  std::string enclave_path;      // empty: DefaultEnclavePath()
  std::string sql;
};

struct LocalRunOutcome {
  Json result;  // the signed result object of docs/cli.md
  AttestationReport report;
};

// Parses "NAME=BUNDLE:KEYFILE" (kUsage when malformed).
Result<DataBinding> ParseDataBinding(const std::string& text);

Result<LocalRunOutcome> RunLocally(const LocalRunRequest& request);

}  // namespace cleanroom

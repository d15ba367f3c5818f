// BundleOcalls: the host's answers to the enclave's OCALLs during a query run on this
// machine — manifests and chunk ciphertext read from the bundle directories, and budget
// charges committed to the durable ledger before the enclave may release its answer.
// The host only moves bytes it cannot read; the enclave checks all of them.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "host/budget_ledger.h"
#include "host/enclave_client.h"
#include "policy/policy.h"
#include "privacy/budget_accountant.h"

namespace cleanroom {

class BundleOcalls : public OcallHandler {
 public:
  // `bundles`: dataset -> bundle directory. `ledger` and `accountant` may be null when the
  // policy has no DP (nothing to charge).
  BundleOcalls(const Policy& policy, std::map<std::string, std::string> bundles,
               BudgetLedger* ledger, const BudgetAccountant* accountant)
      : policy_(policy), bundles_(std::move(bundles)), ledger_(ledger), accountant_(accountant) {}

  Result<Bytes> Handle(MessageType type, ByteView body) override;

  // What the last committed charge left (for the audit log).
  const std::optional<BudgetStatus>& last_status() const { return last_status_; }

 private:
  Result<std::string> BundleDir(const Json& msg) const;
  const Policy& policy_;
  std::map<std::string, std::string> bundles_;
  BudgetLedger* ledger_;
  const BudgetAccountant* accountant_;
  std::optional<BudgetStatus> last_status_;
};

}  // namespace cleanroom

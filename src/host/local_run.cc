#include "host/local_run.h"

#include <map>

#include "common/base64.h"
#include "common/json_util.h"
#include "enclave/audit_entry.h"
#include "enclave/key_release.h"
#include "enclave/measurement.h"
#include "host/audit_log.h"
#include "host/budget_ledger.h"
#include "host/bundle_ocalls.h"
#include "host/enclave_client.h"
#include "host/platform_key.h"
#include "policy/identity.h"
#include "policy/signatures.h"
#include "privacy/budget_accountant.h"
#include "sql/binder.h"
#include "storage/bundle_key.h"

namespace cleanroom {
namespace {

// Records a refusal by the host in the audit log, then returns the refusal itself.
Error Refuse(AuditLog& log, const std::string& actor, const Error& error) {
  AuditEntry entry;
  entry.actor = kAuditActorHost;
  entry.action = "query.rejected";
  entry.decision = ErrorCodeName(error.code);
  entry.detail = Json{{"analyst", actor}, {"reason", error.message}};
  (void)log.Append(std::move(entry));  // the refusal stands even if logging fails
  return error;
}

Json SignaturesJson(const PolicySignatures& sigs) {
  Json s = {{"policy_sha256", sigs.policy_sha256}, {"signatures", Json::object()}};
  for (const auto& [party, sig] : sigs.by_party) s["signatures"][party] = SignatureToText(sig);
  return s;
}

}  // namespace

Result<DataBinding> ParseDataBinding(const std::string& text) {
  size_t eq = text.find('=');
  size_t colon = text.rfind(':');
  if (eq == std::string::npos || eq == 0 || colon == std::string::npos || colon < eq + 2 ||
      colon + 1 == text.size()) {
    return MakeError(ErrorCode::kUsage, "--data \"" + text +
                                            "\": expected NAME=BUNDLE:KEYFILE, e.g. "
                                            "purchases=purchases.bundle:purchases.bundle.key");
  }
  return DataBinding{text.substr(0, eq), text.substr(eq + 1, colon - eq - 1),
                     text.substr(colon + 1)};
}

Result<LocalRunOutcome> RunLocally(const LocalRunRequest& req) {
  // 1. The policy, and every party's signature over it.
  CR_ASSIGN_OR_RETURN(Policy policy, Policy::Load(req.policy_path));
  CR_ASSIGN_OR_RETURN(PolicySignatures sigs,
                      LoadPolicySignatures(SignaturesPathFor(req.policy_path)));
  CR_RETURN_IF_ERROR(VerifyAllSigned(policy, sigs));
  CR_ASSIGN_OR_RETURN(Identity analyst, LoadIdentity(req.identity_path));

  std::map<std::string, DataBinding> bindings;
  for (const DataBinding& b : req.data) {
    if (policy.FindDataset(b.dataset) == nullptr) {
      return MakeError(ErrorCode::kUsage,
                       "--data names dataset \"" + b.dataset + "\", which is not in the policy");
    }
    if (!bindings.emplace(b.dataset, b).second) {
      return MakeError(ErrorCode::kUsage, "--data names dataset \"" + b.dataset + "\" twice");
    }
  }

  CR_RETURN_IF_ERROR(EnsureStateDir(req.state_dir));
  CR_ASSIGN_OR_RETURN(AuditLog log, AuditLog::Open(req.state_dir));

  // 2. Static checks on the host (the enclave repeats them on the plan it receives).
  auto plan = sql::PlanQuery(req.sql, policy, analyst.name, req.purpose);
  if (!plan.ok()) return Refuse(log, analyst.name, plan.error());
  std::optional<BudgetAccountant> accountant;
  std::optional<BudgetLedger> ledger;
  if (policy.privacy().dp) {
    CR_ASSIGN_OR_RETURN(BudgetAccountant rules, BudgetAccountant::Create(*policy.privacy().dp));
    auto charge = rules.PlanCharge(req.epsilon);
    if (!charge.ok()) return Refuse(log, analyst.name, charge.error());
    accountant.emplace(rules);
    CR_ASSIGN_OR_RETURN(BudgetLedger opened, BudgetLedger::Open(req.state_dir + "/budget.sqlite"));
    ledger.emplace(std::move(opened));
    CR_ASSIGN_OR_RETURN(BudgetStatus status, ledger->Load(policy.room(), analyst.name, rules));
    CR_RETURN_IF_ERROR([&]() -> Status {
      Status affordable = rules.CheckAffordable(status.epsilon_spent_micros, *charge);
      if (!affordable.ok()) return Refuse(log, analyst.name, affordable.error());
      return Ok();
    }());
  }
  for (const auto& table : plan->tables()) {
    if (!bindings.count(table.dataset)) {
      return MakeError(ErrorCode::kUsage, "the query reads dataset " + table.dataset +
                                              ": add --data " + table.dataset + "=BUNDLE:KEYFILE");
    }
  }

  // 3. Start the enclave and check what it attests before any key goes near it.
  std::string enclave_path = req.enclave_path.empty() ? DefaultEnclavePath() : req.enclave_path;
  CR_ASSIGN_OR_RETURN(SecretBytes platform_seed, LoadOrCreatePlatformSeed(req.state_dir));
  CR_ASSIGN_OR_RETURN(EnclaveClient enclave, EnclaveClient::Start(enclave_path));
  std::string seed_text = Base64Encode(platform_seed.view());
  Json init = {{"policy", policy.document()},
               {"signatures", SignaturesJson(sigs)},
               {"platform_seed", seed_text}};
  std::string init_text = init.dump();
  WipeString(seed_text);
  auto report_bytes = enclave.Call(MessageType::kInit, AsBytes(init_text));
  WipeString(init_text);
  if (!report_bytes.ok()) return std::move(report_bytes).error();
  CR_ASSIGN_OR_RETURN(Json report_json,
                      ParseJson(AsChars(*report_bytes), "attestation", ErrorCode::kIntegrity));
  CR_ASSIGN_OR_RETURN(AttestationReport report,
                      AttestationReport::FromJson(report_json, "attestation"));
  AttestationExpectations expect{policy.enclave().measurement, policy.hash_text(),
                                 req.allow_simulated || policy.enclave().allow_simulated};
  CR_RETURN_IF_ERROR(VerifyAttestation(report, expect));
  CR_RETURN_IF_ERROR(log.Append(AttestationAuditEntry(report)));

  // 4. Release each key the query needs, sealed to the attested enclave.
  std::map<std::string, std::string> bundle_dirs;
  for (const auto& table : plan->tables()) {
    if (bundle_dirs.count(table.dataset)) continue;
    const DataBinding& b = bindings.at(table.dataset);
    CR_ASSIGN_OR_RETURN(BundleKey key, LoadBundleKey(b.key_path));
    if (key.room != policy.room() || key.dataset != table.dataset) {
      return MakeError(ErrorCode::kIntegrity, b.key_path + " is the key of dataset " + key.dataset +
                                                  " in room " + key.room + ", not of " +
                                                  table.dataset + " in room " + policy.room());
    }
    Json msg = {{"dataset", table.dataset},
                {"sealed_key", Base64Encode(SealDataKey(report.enclave_encryption_key, key))}};
    CR_RETURN_IF_ERROR(enclave.Call(MessageType::kProvisionKey, AsBytes(msg.dump())));
    AuditEntry released;
    released.actor = policy.FindDataset(table.dataset)->owner;
    released.action = "key.release";
    released.decision = "allowed";
    released.detail = Json{{"dataset", table.dataset},
                           {"bundle_id", key.bundle_id},
                           {"attestation_sha256", report.Hash()}};
    CR_RETURN_IF_ERROR(log.Append(std::move(released)));
    bundle_dirs[table.dataset] = b.bundle_dir;
  }

  // 5. Execute: the enclave reads chunks and commits the charge through us, then signs.
  BundleOcalls ocalls(policy, bundle_dirs, ledger ? &*ledger : nullptr,
                      accountant ? &*accountant : nullptr);
  Json exec = {{"plan", plan->ToJson()}, {"epsilon", nullptr}};
  if (req.epsilon) exec["epsilon"] = *req.epsilon;
  auto reply = enclave.Call(MessageType::kExecute, AsBytes(exec.dump()), &ocalls);
  if (!reply.ok()) return Refuse(log, analyst.name, reply.error());
  CR_ASSIGN_OR_RETURN(
      Json answer, ParseJsonObject(AsChars(*reply), "the enclave's answer", ErrorCode::kIntegrity));
  JsonReader rd("the enclave's answer", ErrorCode::kIntegrity);
  CR_RETURN_IF_ERROR(rd.OnlyKeys(answer, "", {"result", "audit"}));
  CR_ASSIGN_OR_RETURN(const Json* result, rd.Object(answer, "", "result"));
  CR_ASSIGN_OR_RETURN(const Json* audit, rd.Object(answer, "", "audit"));
  CR_RETURN_IF_ERROR(log.AppendSigned(*audit));
  enclave.Shutdown();
  return LocalRunOutcome{*result, report};
}

}  // namespace cleanroom

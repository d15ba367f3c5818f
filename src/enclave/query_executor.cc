#include "enclave/query_executor.h"

#include <memory>
#include <mutex>

#include "common/canonical_json.h"
#include "enclave/ocall_table_source.h"
#include "enclave/result_signing.h"
#include "engine/executor.h"
#include "engine/finish.h"
#include "privacy/budget_accountant.h"
#include "privacy/dp_release.h"
#include "privacy/noise_source.h"
#include "sql/plan.h"

namespace cleanroom {
namespace {

Json NoiseJson(const engine::QueryResult& r) {
  Json noise = Json::object();
  for (size_t i = 0; i < r.columns.size() && i < r.noise.size(); ++i) {
    if (!r.noise[i]) continue;
    noise[r.columns[i]] = {{"mechanism", r.noise[i]->mechanism},
                           {"scale", r.noise[i]->scale},
                           {"ci95", r.noise[i]->ci95}};
  }
  return noise;
}

}  // namespace

Result<ExecuteRequest> ReadExecuteRequest(std::string_view body, const Policy& policy) {
  // A plan carries expression trees as deep as the SQL parser accepts.
  CR_ASSIGN_OR_RETURN(Json msg, ParseJson(body, "execute",
                                          JsonParseOptions{.code = ErrorCode::kIntegrity,
                                                           .max_depth = sql::kMaxPlanJsonDepth}));
  JsonReader rd("execute", ErrorCode::kIntegrity);
  CR_RETURN_IF_ERROR(rd.IsObject(msg, ""));
  CR_RETURN_IF_ERROR(rd.OnlyKeys(msg, "", {"plan", "epsilon"}));
  CR_ASSIGN_OR_RETURN(const Json* plan_json, rd.Object(msg, "", "plan"));
  // Rebuild the plan from the wire and re-check every static rule against our own policy.
  CR_ASSIGN_OR_RETURN(sql::Plan plan, sql::Plan::FromJson(*plan_json, policy));
  std::optional<double> epsilon;
  if (msg.contains("epsilon") && !msg.at("epsilon").is_null()) {
    CR_ASSIGN_OR_RETURN(epsilon, rd.Number(msg, "", "epsilon"));
  }
  return ExecuteRequest{std::move(plan), epsilon};
}

Result<Json> ExecuteQuery(const QueryContext& ctx, const ExecuteRequest& request,
                          OcallChannel& host) {
  const Policy& policy = ctx.policy;
  const sql::Plan& plan = request.plan;
  const std::optional<double>& requested = request.epsilon;
  CR_ASSIGN_OR_RETURN(std::string canonical_plan, CanonicalJson(plan.ToJson()));
  const std::string query_sha256 = Sha256Tagged(Sha256(canonical_plan));

  // A key is used only for datasets of this policy whose purposes include the query's.
  std::mutex host_mutex;
  std::map<std::string, AuthenticatedBundle> bundles;
  for (const auto& table : plan.tables()) {
    if (bundles.count(table.dataset)) continue;
    auto key = ctx.data_keys.find(table.dataset);
    if (key == ctx.data_keys.end()) {
      return MakeError(ErrorCode::kIntegrity,
                       "no key has been released to this enclave for dataset " + table.dataset);
    }
    if (!policy.FindDataset(table.dataset)->GrantsPurpose(plan.purpose())) {
      return MakeError(ErrorCode::kRejected, "dataset " + table.dataset +
                                                 " does not grant purpose \"" + plan.purpose() +
                                                 "\"; its key may not be used for it");
    }
    CR_ASSIGN_OR_RETURN(AuthenticatedBundle b,
                        FetchManifest(host, host_mutex, table.dataset, key->second, policy));
    bundles.emplace(table.dataset, std::move(b));
  }

  // What the query will cost, refused before any data is read.
  std::optional<BudgetAccountant> accountant;
  std::optional<QueryCharge> charge;
  if (policy.privacy().dp) {
    CR_ASSIGN_OR_RETURN(BudgetAccountant rules, BudgetAccountant::Create(*policy.privacy().dp));
    CR_ASSIGN_OR_RETURN(QueryCharge c, rules.PlanCharge(requested));
    accountant.emplace(rules);
    charge = c;
  }

  engine::SourceOpener open = [&](const std::string& name) -> Result<std::unique_ptr<TableSource>> {
    auto it = bundles.find(name);
    if (it == bundles.end()) return MakeError(ErrorCode::kInternal, "no bundle for " + name);
    return std::unique_ptr<TableSource>(new OcallTableSource(it->second, host, host_mutex));
  };
  engine::ReleaseFn release = engine::ExactReleaseFor(plan);
  if (charge) {
    CR_ASSIGN_OR_RETURN(ReleaseParams params,
                        ReleaseParams::Create(charge->epsilon, charge->delta, plan.k_min()));
    release = [params](const AggregateTable& table) {
      CsprngNoiseSource noise;
      return ReleaseWithDp(table, params, noise);
    };
  }
  engine::ExecOptions options;
  CR_ASSIGN_OR_RETURN(engine::QueryResult answer,
                      engine::ExecutePlan(plan, open, release, options));

  // The charge is committed durably by the host before anything leaves the enclave.
  Json privacy = {{"k_min", plan.k_min()}, {"noise", NoiseJson(answer)}};
  if (charge) {
    Json commit = {{"analyst", plan.analyst()},
                   {"epsilon_micros", charge->epsilon.micros()},
                   {"delta", charge->delta},
                   {"query_sha256", query_sha256}};
    Result<Bytes> paid = [&] {
      std::lock_guard lock(host_mutex);
      return host.Call(MessageType::kBudgetCommit, AsBytes(commit.dump()));
    }();
    if (!paid.ok()) return std::move(paid).error();
    CR_ASSIGN_OR_RETURN(Json status, ParseJsonObject(AsChars(*paid), "the host's budget answer",
                                                     ErrorCode::kIntegrity));
    CR_ASSIGN_OR_RETURN(int64_t remaining_micros,
                        JsonReader("the host's budget answer", ErrorCode::kIntegrity)
                            .Integer(status, "", "epsilon_remaining_micros"));
    privacy["epsilon_spent"] = charge->epsilon.value();
    privacy["epsilon_remaining"] = static_cast<double>(remaining_micros) / 1e6;
    privacy["delta"] = charge->delta;
  } else {
    privacy["epsilon_spent"] = 0;
    privacy["epsilon_remaining"] = nullptr;
    privacy["delta"] = 0;
    privacy["dp"] = false;
  }

  Json result = engine::ResultRowsToJson(answer);
  result["privacy"] = privacy;
  result["analyst"] = plan.analyst();
  result["purpose"] = plan.purpose();
  result["tee"] = ctx.report.tee;
  result["query_sha256"] = query_sha256;
  result["policy_sha256"] = policy.hash_text();
  result["attestation_sha256"] = ctx.report.Hash();
  CR_RETURN_IF_ERROR(SignResult(result, ctx.signing_key));

  AuditEntry entry;
  entry.action = "query";
  entry.decision = "allowed";
  entry.query_sha256 = query_sha256;
  entry.epsilon_spent = charge ? charge->epsilon.value() : 0.0;
  entry.detail = Json{{"analyst", plan.analyst()},
                      {"purpose", plan.purpose()},
                      {"datasets", Json::array()},
                      {"rows_released", answer.rows.size()}};
  for (const auto& [name, b] : bundles) entry.detail["datasets"].push_back(name);
  CR_ASSIGN_OR_RETURN(AuditEntry signed_entry, ctx.audit.Sign(std::move(entry)));
  return Json{{"result", result}, {"audit", signed_entry.SignedBody()}};
}

}  // namespace cleanroom

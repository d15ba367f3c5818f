// `cleanroom check --policy POLICY --as ID --purpose P "SQL"`: the static checks only. Parses
// and binds the query against the policy exactly as the host and the enclave do, and prints
// the datasets and columns it would touch and why each use is allowed, or the rule it breaks
// (exit 3, "line:column: rule NAME: ..."). Reads no data, needs no keys. `--as` takes an
// identity file NAME.id (only its name is used) or a bare party name.
#include <sys/stat.h>
#include <iostream>

#include "cli/command.h"
#include "policy/identity.h"
#include "policy/policy.h"
#include "sql/binder.h"

namespace cleanroom::cli {
namespace {

struct CheckArgs {
  std::string policy;
  std::string as;
  std::string purpose;
  std::string sql;
  bool plan = false;
};

Result<std::string> CallerName(const std::string& as) {
  struct stat st;
  bool is_file = stat(as.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  if (is_file || (as.size() > 3 && as.compare(as.size() - 3, 3, ".id") == 0)) {
    CR_ASSIGN_OR_RETURN(Identity id, LoadIdentity(as));
    return id.name;
  }
  if (!IsValidPartyName(as)) {
    return MakeError(ErrorCode::kUsage, "--as '" + as +
                                            "' is neither an identity file NAME.id nor a party "
                                            "name");
  }
  return as;
}

Status RunCheck(const CheckArgs& a) {
  CR_ASSIGN_OR_RETURN(Policy policy, Policy::Load(a.policy));
  CR_ASSIGN_OR_RETURN(std::string analyst, CallerName(a.as));
  CR_ASSIGN_OR_RETURN(sql::Plan plan, sql::PlanQuery(a.sql, policy, analyst, a.purpose));
  if (a.plan) {
    std::cout << plan.ToJson().dump(2) << "\n";
    return Ok();
  }
  std::cout << "allowed: " << analyst << " is an analyst of room " << policy.room()
            << " and may run this query for purpose '" << a.purpose << "'\n";
  std::cout << "datasets:\n";
  for (const sql::PlanTable& t : plan.tables()) {
    const DatasetSpec* d = policy.FindDataset(t.dataset);
    std::cout << "  " << t.dataset << " as " << t.alias << " (owner " << d->owner
              << "): grants purpose '" << a.purpose << "'; joined on " << t.identifier << "\n";
  }
  std::cout << "columns:\n";
  for (const std::string& u : plan.uses()) std::cout << "  " << u << "\n";
  std::cout << "output:";
  for (size_t i = 0; i < plan.outputs().size(); ++i) {
    std::cout << (i ? ", " : " ") << plan.outputs()[i].name;
  }
  std::cout << (plan.grouped() ? " (one row per group)" : " (one row)") << "\n";
  const PrivacyParams& p = policy.privacy();
  std::cout << "privacy: groups with fewer than " << plan.k_min()
            << " distinct persons are suppressed; each person counts in at most "
            << p.max_groups_per_person << " group(s)";
  if (p.dp) {
    std::cout << "; differential privacy on (epsilon per query at most " << p.dp->epsilon_per_query
              << ", delta " << p.dp->delta << ")\n";
  } else {
    std::cout << "; dp is null: answers are exact\n";
  }
  std::cout << "no data was read\n";
  return Ok();
}

}  // namespace

void AddCheckCommand(CLI::App& app, CommandTable& table) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* check = app.add_subcommand(
      "check", "Check a query against the policy's static rules without reading any data");
  check->add_option("--policy", args->policy, "Policy file (JSON)")->required();
  check->add_option("--as", args->as, "Your identity file NAME.id, or a party name")->required();
  check->add_option("--purpose", args->purpose, "The purpose you declare")->required();
  check->add_flag("--plan", args->plan, "Print the validated plan (JSON) instead");
  check->add_option("sql", args->sql, "The SQL query")->required();
  table.Add(check, [args] { return RunCheck(*args); });
}

}  // namespace cleanroom::cli

// `cleanroom run`: a one-shot query on this machine, host and enclave both local
// (host/local_run.h). Prints the vetted answer as a table, or with --json the signed
// result object; --attestation-out keeps the report needed to verify it later.
#include <iostream>

#include "cli/command.h"
#include "cli/result_table.h"
#include "common/file_io.h"
#include "host/local_run.h"

namespace cleanroom::cli {
namespace {

struct RunArgs {
  LocalRunRequest request;
  std::vector<std::string> data;
  double epsilon = 0;
  bool json = false;
  std::string attestation_out;
};

Status Run(RunArgs& a, bool epsilon_given) {
  for (const std::string& d : a.data) {
    CR_ASSIGN_OR_RETURN(DataBinding b, ParseDataBinding(d));
    a.request.data.push_back(b);
  }
  if (epsilon_given) a.request.epsilon = a.epsilon;
  CR_ASSIGN_OR_RETURN(LocalRunOutcome outcome, RunLocally(a.request));
  if (!a.attestation_out.empty()) {
    CR_RETURN_IF_ERROR(WriteFileAtomic(a.attestation_out, outcome.report.ToJson().dump(2) + "\n"));
  }
  if (a.json) {
    std::cout << outcome.result.dump() << "\n";
  } else {
    std::cout << FormatResultTable(outcome.result);
  }
  return Ok();
}

}  // namespace

void AddRunCommand(CLI::App& app, CommandTable& table) {
  auto a = std::make_shared<RunArgs>();
  CLI::App* sub = app.add_subcommand("run", "Run one query on this machine (host + enclave)");
  sub->add_option("--policy", a->request.policy_path, "Signed policy (POLICY.sigs beside it)")
      ->required();
  sub->add_option("--data", a->data, "NAME=BUNDLE:KEYFILE, once per dataset")->required();
  sub->add_option("--as", a->request.identity_path, "The analyst's identity file NAME.id")
      ->required();
  sub->add_option("--purpose", a->request.purpose, "The purpose the query is for")->required();
  CLI::Option* eps = sub->add_option("--epsilon", a->epsilon, "Epsilon to spend (default: policy)");
  sub->add_option("--state", a->request.state_dir, "Ledger, audit log, platform key")
      ->capture_default_str();
  sub->add_flag("--json", a->json, "Print the signed result object");
  sub->add_option("--attestation-out", a->attestation_out, "Write the attestation report here");
  sub->add_flag("--allow-simulated", a->request.allow_simulated,
                "Accept a simulated TEE even if the policy does not");
  sub->add_option("sql", a->request.sql, "The query")->required();
  table.Add(sub, [a, eps] { return Run(*a, eps->count() > 0); });
}

}  // namespace cleanroom::cli

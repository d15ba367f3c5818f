// `cleanroom verify RESULT.json --attestation ATTESTATION.json [--allow-simulated]
//  [--policy POLICY]`: checks that a result was signed by the attested enclave. With
// --policy, also that the enclave is the one the signed policy names and ran that policy.
#include <iostream>

#include "cli/command.h"
#include "common/json_util.h"
#include "enclave/attestation.h"
#include "enclave/result_signing.h"
#include "policy/policy.h"

namespace cleanroom::cli {
namespace {

struct VerifyArgs {
  std::string result;
  std::string attestation;
  std::string policy;
  bool allow_simulated = false;
};

Status RunVerify(const VerifyArgs& a) {
  CR_ASSIGN_OR_RETURN(Json att_json, ParseJsonFile(a.attestation, ErrorCode::kIntegrity));
  CR_ASSIGN_OR_RETURN(AttestationReport report,
                      AttestationReport::FromJson(att_json, a.attestation));
  CR_ASSIGN_OR_RETURN(Json result, ParseJsonFile(a.result, ErrorCode::kIntegrity));

  AttestationExpectations expect{report.measurement, report.policy_sha256, a.allow_simulated};
  if (!a.policy.empty()) {
    CR_ASSIGN_OR_RETURN(Policy policy, Policy::Load(a.policy));
    expect.measurement = policy.enclave().measurement;
    expect.policy_sha256 = policy.hash_text();
    expect.allow_simulated = a.allow_simulated || policy.enclave().allow_simulated;
  }
  CR_RETURN_IF_ERROR(VerifyAttestation(report, expect));
  Status verified = VerifyResult(result, report);
  if (!verified.ok()) {
    return MakeError(ErrorCode::kIntegrity, a.result + ": " + verified.error().message);
  }
  std::cout << "verified: " << a.result << " was signed by the enclave attested in "
            << a.attestation << "\n"
            << "  tee:          " << report.tee
            << (report.tee == kTeeSimulated ? " (protects nothing against the host's operator)"
                                            : "")
            << "\n"
            << "  measurement:  " << report.measurement << "\n"
            << "  policy:       " << report.policy_sha256 << "\n"
            << "  query:        " << result["query_sha256"].get<std::string>() << "\n";
  if (a.policy.empty()) {
    std::cout
        << "  (pass --policy to check the measurement and policy against the signed policy)\n";
  }
  return Ok();
}

}  // namespace

void AddVerifyCommand(CLI::App& app, CommandTable& table) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* sub = app.add_subcommand("verify", "Check a result's signature against an attestation");
  sub->add_option("result", args->result, "Result JSON written by run/query --json")->required();
  sub->add_option("--attestation", args->attestation, "Attestation report JSON")->required();
  sub->add_option("--policy", args->policy, "The signed policy the enclave must have run");
  sub->add_flag("--allow-simulated", args->allow_simulated,
                "Accept a simulated TEE (protects nothing against the host's operator)");
  table.Add(sub, [args] { return RunVerify(*args); });
}

}  // namespace cleanroom::cli

// `cleanroom policy sign` and `cleanroom policy verify`: the parties' signatures over the
// policy hash, kept in POLICY.sigs.
#include <iostream>

#include "cli/command.h"
#include "policy/identity.h"
#include "policy/policy.h"
#include "policy/signatures.h"

namespace cleanroom::cli {
namespace {

struct SignArgs {
  std::string policy;
  std::string identity;
};

Status RunSign(const SignArgs& a) {
  CR_ASSIGN_OR_RETURN(Policy policy, Policy::Load(a.policy));
  CR_ASSIGN_OR_RETURN(Identity id, LoadIdentity(a.identity));
  std::string sigs_path = SignaturesPathFor(a.policy);
  CR_ASSIGN_OR_RETURN(PolicySignatures sigs, LoadPolicySignatures(sigs_path));
  CR_RETURN_IF_ERROR(AddSignature(policy, id, sigs));
  CR_RETURN_IF_ERROR(SavePolicySignatures(sigs_path, sigs));
  std::cout << id.name << " signed " << policy.hash_text() << " (room " << policy.room() << ") in "
            << sigs_path << "\n";
  size_t missing = policy.parties().size() - sigs.by_party.size();
  if (missing > 0) std::cout << missing << " party(ies) still to sign\n";
  return Ok();
}

Status RunVerify(const std::string& policy_path) {
  CR_ASSIGN_OR_RETURN(Policy policy, Policy::Load(policy_path));
  CR_ASSIGN_OR_RETURN(PolicySignatures sigs, LoadPolicySignatures(SignaturesPathFor(policy_path)));
  CR_RETURN_IF_ERROR(VerifyAllSigned(policy, sigs));
  std::cout << "policy " << policy.hash_text() << " of room " << policy.room()
            << " is signed by every party (" << policy.parties().size() << ")\n";
  return Ok();
}

}  // namespace

void AddPolicyCommands(CLI::App& app, CommandTable& table) {
  CLI::App* policy = app.add_subcommand("policy", "Sign and verify a room's policy");
  policy->require_subcommand(1);

  auto sign_args = std::make_shared<SignArgs>();
  CLI::App* sign = policy->add_subcommand("sign", "Add your signature to POLICY.sigs");
  sign->add_option("policy", sign_args->policy, "Policy file (JSON)")->required();
  sign->add_option("--identity", sign_args->identity, "Your identity file NAME.id")->required();
  table.Add(sign, [sign_args] { return RunSign(*sign_args); });

  auto verify_path = std::make_shared<std::string>();
  CLI::App* verify = policy->add_subcommand("verify", "Exit 0 if every party signed, else 5");
  verify->add_option("policy", *verify_path, "Policy file (JSON)")->required();
  table.Add(verify, [verify_path] { return RunVerify(*verify_path); });
}

}  // namespace cleanroom::cli

// `cleanroom audit verify --state DIR`: checks the hash chain and the enclave signatures of
// the room's audit log (host/audit_log.h) and prints a one-line summary with the head hash,
// which a party should keep: a later log must still contain that entry.
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "host/audit_log.h"

namespace cleanroom::cli {
namespace {

Status RunAuditVerify(const std::string& state_dir) {
  std::string path = (std::filesystem::path(state_dir) / kAuditLogFile).string();
  auto summary = VerifyAuditLog(path);
  if (!summary.ok()) {
    if (summary.error().code == ErrorCode::kIo && !std::filesystem::exists(path)) {
      return MakeError(
          ErrorCode::kIo,
          "no audit log at " + path + "; pass the --state directory that 'cleanroom run' used");
    }
    return summary.error();
  }
  const AuditSummary& s = *summary;
  std::cout << path << ": ok, " << s.entries << " entries";
  if (s.entries > 0) {
    std::cout << " from " << s.first_time << " to " << s.last_time << ", " << s.enclave_signed
              << " signed by the enclave under " << s.attestations << " attestation(s)";
  }
  std::cout << ", head " << s.head << "\n";
  return Ok();
}

}  // namespace

void AddAuditCommands(CLI::App& app, CommandTable& table) {
  CLI::App* audit = app.add_subcommand("audit", "Check a room's hash-chained audit log");
  audit->require_subcommand(1);

  auto state = std::make_shared<std::string>(".cleanroom");
  CLI::App* verify = audit->add_subcommand(
      "verify", "Exit 0 if audit.jsonl is intact (prints its head hash), else 5 naming the line");
  verify->add_option("--state", *state, "State directory holding audit.jsonl")
      ->capture_default_str();
  table.Add(verify, [state] { return RunAuditVerify(*state); });
}

}  // namespace cleanroom::cli

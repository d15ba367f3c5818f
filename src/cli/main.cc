// The `cleanroom` command: parses the command line (CLI11), runs one subcommand, and turns
// its result into the exit code and the one-line error of docs/cli.md.
#include <iostream>

#include "cli/command.h"
#include "common/error.h"

namespace cleanroom::cli {

Status CommandTable::RunParsed() const {
  for (const auto& c : commands_) {
    if (c.sub->parsed()) return c.run();
  }
  return MakeError(ErrorCode::kUsage, "no command given; run 'cleanroom --help' for the list");
}

}  // namespace cleanroom::cli

namespace {

bool IsSubcommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->check_name(name)) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cleanroom;
  CLI::App app{"cleanroom: a data clean room. Share insights, not raw data.", "cleanroom"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "cleanroom 0.1.0");
  cli::CommandTable table;
  cli::AddAttestationCommands(app, table);
  cli::AddAuditCommands(app, table);
  cli::AddCheckCommand(app, table);
  cli::AddIdentityCommands(app, table);
  cli::AddMeasurementCommand(app, table);
  cli::AddPolicyCommands(app, table);
  cli::AddPrepareCommand(app, table);
  cli::AddPsiCommands(app, table);
  cli::AddVerifyCommand(app, table);
  cli::AddRunCommand(app, table);
  cli::AddDemoCommand(app, table);

  if (argc > 1 && argv[1][0] != '-' && !IsSubcommand(app, argv[1])) {
    std::cerr << "error: unknown command '" << argv[1]
              << "'; run 'cleanroom --help' for the list\n";
    return ExitCodeFor(ErrorCode::kUsage);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << e.what() << "; run 'cleanroom --help' for usage\n";
    return ExitCodeFor(ErrorCode::kUsage);
  }

  Status status = table.RunParsed();
  if (!status.ok()) {
    std::cerr << "error: " << status.error().message << "\n";
    return ExitCodeFor(status.error().code);
  }
  return 0;
}

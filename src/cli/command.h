// How a `cleanroom` subcommand plugs into the CLI: each commands_*.cc file defines one
// Add...Commands function that declares its CLI11 subcommands and registers, for each, the
// function that runs it. main.cc parses, runs the one chosen, and maps its Error to the
// exit code of docs/cli.md (common/error.h) with one "error: ..." line on stderr.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

#include "common/error.h"

namespace cleanroom::cli {

class CommandTable {
 public:
  // `sub` is a leaf subcommand; `run` executes it after parsing.
  void Add(CLI::App* sub, std::function<Status()> run) {
    commands_.push_back({sub, std::move(run)});
  }
  // Runs the parsed leaf command; kUsage if none was chosen.
  Status RunParsed() const;

 private:
  struct Entry {
    CLI::App* sub;
    std::function<Status()> run;
  };
  std::vector<Entry> commands_;
};

// One per commands_*.cc file; main.cc calls each.
void AddAttestationCommands(CLI::App& app, CommandTable& table);  // attestation verify
void AddAuditCommands(CLI::App& app, CommandTable& table);        // audit verify
void AddCheckCommand(CLI::App& app, CommandTable& table);         // check (static rules only)
void AddIdentityCommands(CLI::App& app, CommandTable& table);     // keygen, salt
void AddMeasurementCommand(CLI::App& app, CommandTable& table);   // measurement
void AddPolicyCommands(CLI::App& app, CommandTable& table);       // policy sign|verify
void AddPrepareCommand(CLI::App& app, CommandTable& table);       // prepare
void AddPsiCommands(CLI::App& app, CommandTable& table);          // psi serve|connect
void AddVerifyCommand(CLI::App& app, CommandTable& table);        // verify RESULT
void AddDemoCommand(CLI::App& app, CommandTable& table);          // demo
void AddRunCommand(CLI::App& app, CommandTable& table);           // run (local host + enclave)

}  // namespace cleanroom::cli

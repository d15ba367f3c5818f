// `cleanroom measurement`: the SHA-256 of the enclave binary this host would start, the
// value parties write into the policy's enclave.measurement.
#include <iostream>

#include "cli/command.h"
#include "enclave/measurement.h"

namespace cleanroom::cli {

void AddMeasurementCommand(CLI::App& app, CommandTable& table) {
  CLI::App* sub = app.add_subcommand(
      "measurement", "Print sha256:<hex> of the installed enclave (for the policy)");
  table.Add(sub, []() -> Status {
    CR_ASSIGN_OR_RETURN(std::string m, MeasureBinary(DefaultEnclavePath()));
    std::cout << m << "\n";
    return Ok();
  });
}

}  // namespace cleanroom::cli

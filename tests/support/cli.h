// Runs the cleanroom binary of this build (CLEANROOM_BIN, defined for E2E tests by
// cr_test(... E2E ...)) with `args`, in `dir`.
#pragma once

#include <string>
#include <vector>

#include "support/process.h"

namespace cleanroom::testing {

inline ProcessResult Cli(const ScratchDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), CLEANROOM_BIN);
  return RunProcess(args, dir.path());
}

}  // namespace cleanroom::testing

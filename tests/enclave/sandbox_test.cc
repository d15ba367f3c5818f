// The enclave's seccomp sandbox: a forbidden system call kills the process (SIGSYS).
#include <gtest/gtest.h>
#include <signal.h>

#include "support/process.h"

namespace cleanroom {
namespace {

using testing::RunProcess;

TEST(EnclaveSandbox, ForbiddenSyscallsKillTheEnclave) {
  for (const char* call : {"open", "socket", "execve"}) {
    auto r = RunProcess({CLEANROOM_ENCLAVE_BIN, "--sandbox-selftest", call});
    EXPECT_EQ(r.exit_code, 128 + SIGSYS) << call << ": " << r.out << r.err;
    EXPECT_EQ(r.out, "") << call;
  }
}

TEST(EnclaveSandbox, AllowedSyscallsStillWork) {
  auto r = RunProcess({CLEANROOM_ENCLAVE_BIN, "--sandbox-selftest", "allowed"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "still alive\n");
}

TEST(EnclaveSandbox, RefusesToRunByHand) {
  auto r = RunProcess({CLEANROOM_ENCLAVE_BIN});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: cleanroom-enclave is started by the cleanroom host with its channel on file "
            "descriptor 3, not by hand\n");
}

}  // namespace
}  // namespace cleanroom

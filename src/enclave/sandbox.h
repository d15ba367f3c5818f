// The enclave's syscall sandbox (seccomp-BPF through libseccomp). Once installed, the
// process may only read and write the descriptors it already has, manage memory, run its
// own threads, read the time and the kernel's randomness, and exit. Anything else — open,
// socket, execve, fork, ptrace, ... — kills the whole process (SECCOMP_RET_KILL_PROCESS).
// Installed after init, when the enclave has measured itself and needs no file any more.
#pragma once

#include "common/error.h"

namespace cleanroom {

Status InstallEnclaveSandbox();

}  // namespace cleanroom

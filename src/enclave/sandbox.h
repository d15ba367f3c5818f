// The enclave's syscall sandbox (seccomp-BPF through libseccomp). Once installed, in every
// thread of the process, a system call gets one of three answers:
//
//   allowed   reading and writing the descriptors the enclave already holds (its socket and
//             stdio), memory, its own threads, time, the kernel's randomness, signals to
//             itself, exit;
//   an errno  calls that glibc, libstdc++, OpenSSL or libsodium may make lazily and that
//             have a fallback — opening or inspecting a path (EACCES), probing a newer
//             variant of an allowed call (ENOSYS), ioctl (ENOTTY). The kernel never runs
//             them: the filter answers in their place, so the enclave learns and touches
//             nothing, and keeps running (glibc's malloc opens
//             /proc/sys/vm/overcommit_memory the first time it shrinks a thread's heap);
//   killed    everything else — exec, sockets, new processes, ptrace, other processes'
//             memory or signals, namespaces, mounts, bpf, perf, keyrings, io_uring, file
//             writes, fcntl, ... — kills the whole process (SECCOMP_RET_KILL_PROCESS), as
//             does a system call of another ABI (i386, x32).
//
// Installed after init, when the enclave has measured itself and needs no file any more;
// it cannot be removed. docs/threat-model.md lists every call and the reason for its answer.
#pragma once

#include "common/error.h"

namespace cleanroom {

// kInternal if the filter cannot be built or loaded (the enclave must then refuse to run).
Status InstallEnclaveSandbox();

// Makes glibc's malloc trim a thread's heap once (a thread allocates and frees a few MiB),
// so that its one-time probe of /proc/sys/vm/overcommit_memory happens now and its answer
// is cached. InstallEnclaveSandbox calls it first; without it the probe, refused under the
// sandbox, reads as "not strict" and glibc then keeps the commit charge of a trimmed heap
// tail, which matters only on hosts with vm.overcommit_memory = 2. Exposed for tests.
void TrimAThreadHeap();

}  // namespace cleanroom

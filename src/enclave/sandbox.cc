#include "enclave/sandbox.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/prctl.h>

#include <memory>

namespace cleanroom {
namespace {

struct FilterFree {
  void operator()(scmp_filter_ctx ctx) const { seccomp_release(ctx); }
};

// System calls the enclave may make. Reading and writing go only to the descriptors it
// already holds (its socket and stdio): it can open no new ones.
constexpr int kAllowed[] = {
    SCMP_SYS(read),
    SCMP_SYS(write),
    SCMP_SYS(readv),
    SCMP_SYS(writev),
    SCMP_SYS(close),
    SCMP_SYS(fstat),
    SCMP_SYS(newfstatat),
    SCMP_SYS(lseek),
    SCMP_SYS(brk),
    SCMP_SYS(mmap),
    SCMP_SYS(munmap),
    SCMP_SYS(mremap),
    SCMP_SYS(mprotect),
    SCMP_SYS(madvise),
    SCMP_SYS(mlock),
    SCMP_SYS(munlock),
    SCMP_SYS(futex),
    SCMP_SYS(set_robust_list),
    SCMP_SYS(rseq),
    SCMP_SYS(sched_yield),
    SCMP_SYS(sched_getaffinity),
    SCMP_SYS(gettid),
    SCMP_SYS(getpid),
    SCMP_SYS(clock_gettime),
    SCMP_SYS(clock_nanosleep),
    SCMP_SYS(nanosleep),
    SCMP_SYS(gettimeofday),
    SCMP_SYS(getrandom),
    SCMP_SYS(rt_sigreturn),
    SCMP_SYS(rt_sigprocmask),
    SCMP_SYS(rt_sigaction),
    SCMP_SYS(sigaltstack),
    SCMP_SYS(exit),
    SCMP_SYS(exit_group),
    SCMP_SYS(prlimit64),
    SCMP_SYS(getrlimit),
};

}  // namespace

Status InstallEnclaveSandbox() {
  // No privilege may be gained afterwards (also required to install a filter unprivileged).
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return MakeError(ErrorCode::kInternal, "cannot set no_new_privs for the enclave sandbox");
  }
  std::unique_ptr<void, FilterFree> ctx(seccomp_init(SCMP_ACT_KILL_PROCESS));
  if (!ctx) return MakeError(ErrorCode::kInternal, "cannot create the seccomp filter");
  for (int sys : kAllowed) {
    if (seccomp_rule_add(ctx.get(), SCMP_ACT_ALLOW, sys, 0) != 0) {
      return MakeError(ErrorCode::kInternal,
                       "cannot add syscall " + std::to_string(sys) + " to the seccomp filter");
    }
  }
#if defined(__SANITIZE_ADDRESS__)
  // Sanitizer builds only: AddressSanitizer's runtime probes memory with a pipe (pipe2).
  // A pipe reaches nothing outside the process; release builds do not allow it.
  if (seccomp_rule_add(ctx.get(), SCMP_ACT_ALLOW, SCMP_SYS(pipe2), 0) != 0) {
    return MakeError(ErrorCode::kInternal, "cannot add pipe2 to the seccomp filter");
  }
#endif
  // Threads only: clone with CLONE_THREAD (a new process, as fork would make, is killed).
  if (seccomp_rule_add(ctx.get(), SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                       SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD)) != 0) {
    return MakeError(ErrorCode::kInternal, "cannot add clone to the seccomp filter");
  }
  // clone3 passes its flags in memory, which seccomp cannot inspect: answer ENOSYS so that
  // glibc falls back to clone, which the rule above checks.
  if (seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) != 0) {
    return MakeError(ErrorCode::kInternal, "cannot add clone3 to the seccomp filter");
  }
  if (seccomp_load(ctx.get()) != 0) {
    return MakeError(ErrorCode::kInternal, "cannot load the seccomp filter");
  }
  return Ok();
}

}  // namespace cleanroom

#include "enclave/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace cleanroom {
namespace {

struct FilterFree {
  void operator()(scmp_filter_ctx ctx) const { seccomp_release(ctx); }
};

// Allowed whatever their arguments. Reading and writing go only to the descriptors the
// enclave already holds (its socket and stdio): it can create no new ones.
constexpr int kAllowed[] = {
    // I/O on held descriptors.
    SCMP_SYS(read),
    SCMP_SYS(write),
    SCMP_SYS(readv),
    SCMP_SYS(writev),
    SCMP_SYS(close),
    SCMP_SYS(fstat),
    SCMP_SYS(lseek),
    // Memory: malloc grows and trims heaps with brk, mmap, mprotect, munmap and madvise
    // (MADV_DONTNEED); libsodium locks key pages.
    SCMP_SYS(brk),
    SCMP_SYS(mmap),
    SCMP_SYS(munmap),
    SCMP_SYS(mremap),
    SCMP_SYS(mprotect),
    SCMP_SYS(madvise),
    SCMP_SYS(mlock),
    SCMP_SYS(munlock),
    // Threads (made by the clone rule below) and their synchronisation.
    SCMP_SYS(futex),
    SCMP_SYS(set_robust_list),
    SCMP_SYS(rseq),
    SCMP_SYS(sched_yield),
    SCMP_SYS(gettid),
    SCMP_SYS(getpid),
    // Time and randomness.
    SCMP_SYS(clock_gettime),
    SCMP_SYS(clock_nanosleep),
    SCMP_SYS(nanosleep),
    SCMP_SYS(gettimeofday),
    SCMP_SYS(getrandom),
    // Signal handling inside the process.
    SCMP_SYS(rt_sigreturn),
    SCMP_SYS(rt_sigprocmask),
    SCMP_SYS(rt_sigaction),
    SCMP_SYS(sigaltstack),
    // The process's own limits; system-wide memory and load figures, which glibc reads for
    // sysconf(_SC_PHYS_PAGES) (qsort's buffer choice) without checking for failure.
    SCMP_SYS(getrlimit),
    SCMP_SYS(sysinfo),
    SCMP_SYS(exit),
    SCMP_SYS(exit_group),
};

// Answered by the filter with an errno; the kernel never runs them. Each is a call some
// library may make lazily, with a fallback for failure.
struct Refusal {
  int syscall;
  int error;
};
constexpr Refusal kRefused[] = {
    // Opening or inspecting a path: EACCES, the answer every caller already handles for a
    // file it may not read (glibc's malloc, get_nprocs, tzset, OpenSSL's and libsodium's
    // /dev/urandom fallbacks, the sanitizers' /proc readers).
    {SCMP_SYS(open), EACCES},
    {SCMP_SYS(openat), EACCES},
    {SCMP_SYS(creat), EACCES},
    {SCMP_SYS(stat), EACCES},
    {SCMP_SYS(lstat), EACCES},
    {SCMP_SYS(access), EACCES},
    {SCMP_SYS(faccessat), EACCES},
    {SCMP_SYS(readlink), EACCES},
    {SCMP_SYS(readlinkat), EACCES},
    {SCMP_SYS(statfs), EACCES},
    {SCMP_SYS(fstatfs), EACCES},
    {SCMP_SYS(getcwd), EACCES},
    {SCMP_SYS(uname), EACCES},
    // Newer variants of the calls above or below: ENOSYS, what a kernel without them says,
    // so that glibc falls back to the older call, which the filter then answers.
    {SCMP_SYS(openat2), ENOSYS},
    {SCMP_SYS(faccessat2), ENOSYS},
    {SCMP_SYS(statx), ENOSYS},
    // clone3 passes its flags in memory, which seccomp cannot inspect: glibc falls back to
    // clone, whose flags the rule below checks.
    {SCMP_SYS(clone3), ENOSYS},
    // ioctl: ENOTTY, "not a terminal", what isatty() expects of a socket or /dev/null. Never
    // run, so that no request (TIOCSTI on an inherited terminal, say) reaches a driver.
    {SCMP_SYS(ioctl), ENOTTY},
};

// Namespace flags: a thread may not be made in new namespaces.
constexpr uint64_t kNamespaceFlags = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |
                                     CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;
// An int argument is compared on its low 32 bits, as the kernel reads it.
constexpr uint64_t kIntMask = 0xFFFFFFFFu;

Error RuleError(const char* what) {
  return MakeError(ErrorCode::kInternal,
                   std::string("cannot add ") + what + " to the enclave's seccomp filter");
}

// The calls allowed only with some arguments; with any other, the default action kills.
Status AddConditionalRules(scmp_filter_ctx ctx) {
  const auto self = static_cast<uint32_t>(getpid());
  // Threads only: clone with CLONE_THREAD and without new namespaces. fork, vfork and clone
  // of a new process fall through to the default (killed).
  if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                       SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD | kNamespaceFlags, CLONE_THREAD)) !=
      0) {
    return RuleError("clone");
  }
  // fstat: glibc 2.33+ implements it as newfstatat(fd, "", buf, AT_EMPTY_PATH). Without
  // AT_EMPTY_PATH it is stat or lstat of a path: refused like them.
  if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(newfstatat), 1,
                       SCMP_A3(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH)) != 0 ||
      seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(newfstatat), 1,
                       SCMP_A3(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, 0)) != 0) {
    return RuleError("newfstatat");
  }
  // Signals to itself only (abort() and raise() use tgkill(getpid(), gettid(), sig)); a
  // signal to any other process, or to a process group (kill(0) or a negative pid), kills.
  // tkill names a thread without its process, so it is never allowed.
  if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
                       SCMP_A0(SCMP_CMP_MASKED_EQ, kIntMask, self)) != 0 ||
      seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1,
                       SCMP_A0(SCMP_CMP_MASKED_EQ, kIntMask, self)) != 0) {
    return RuleError("tgkill and kill");
  }
  // The process's own limits (pid 0): prlimit64 of another pid could change that process's
  // limits, so it kills.
  if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1,
                       SCMP_A0(SCMP_CMP_MASKED_EQ, kIntMask, 0)) != 0) {
    return RuleError("prlimit64");
  }
  // The process's CPU mask (pid 0; get_nprocs' fallback) is allowed. Any other pid or tid is
  // answered ENOSYS: pthread_getattr_np asks for its thread's mask by tid (AddressSanitizer
  // does at every thread start) and takes ENOSYS as "no mask to report"; another process's
  // mask is not read. (The two rules compare all 64 bits, so that they never overlap; a 0
  // with stray upper bits is refused too. EQ and NE ignore the second datum; it is written out
  // because clang warns about the field SCMP_A0 would leave uninitialised.)
  if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(sched_getaffinity), 1,
                       SCMP_A0(SCMP_CMP_EQ, 0, 0)) != 0 ||
      seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(sched_getaffinity), 1,
                       SCMP_A0(SCMP_CMP_NE, 0, 0)) != 0) {
    return RuleError("sched_getaffinity");
  }
#if defined(__SANITIZE_ADDRESS__)
  // Sanitizer builds only: AddressSanitizer's runtime probes memory with a pipe (pipe2).
  // A pipe reaches nothing outside the process; release builds do not allow it.
  if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(pipe2), 0) != 0) return RuleError("pipe2");
#endif
  return Ok();
}

}  // namespace

void TrimAThreadHeap() {
  // A new thread gets its own malloc arena (a heap of its own, not the brk heap). Blocks of
  // 64 KiB stay below malloc's mmap threshold (128 KiB at least), so they come from that
  // heap; freed from the last, each merges into the heap's top, and once the top exceeds the
  // trim threshold glibc shrinks the heap — the first time, after reading the overcommit
  // setting.
  std::thread([] {
    constexpr size_t kBlocks = 64, kBlockSize = 64 * 1024;
    std::vector<void*> blocks;
    blocks.reserve(kBlocks);
    for (size_t i = 0; i < kBlocks; ++i) blocks.push_back(std::malloc(kBlockSize));
    for (size_t i = kBlocks; i > 0; --i) std::free(blocks[i - 1]);
  }).join();
}

Status InstallEnclaveSandbox() {
  // Belt and braces (the errno rule for openat is the fix): let glibc cache its answer
  // while the file can still be read.
  TrimAThreadHeap();
  // No privilege may be gained afterwards (also required to install a filter unprivileged).
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return MakeError(ErrorCode::kInternal, "cannot set no_new_privs for the enclave sandbox");
  }
  std::unique_ptr<void, FilterFree> ctx(seccomp_init(SCMP_ACT_KILL_PROCESS));
  if (!ctx) return MakeError(ErrorCode::kInternal, "cannot create the seccomp filter");
  // A system call of another ABI (int 0x80, x32) kills the process, not only the thread;
  // and the filter binds every thread already running, or it is not loaded at all.
  if (seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS) != 0 ||
      seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_TSYNC, 1) != 0) {
    return MakeError(ErrorCode::kInternal, "cannot set the seccomp filter's attributes");
  }
  for (int sys : kAllowed) {
    if (seccomp_rule_add(ctx.get(), SCMP_ACT_ALLOW, sys, 0) != 0) {
      return MakeError(ErrorCode::kInternal,
                       "cannot add syscall " + std::to_string(sys) + " to the seccomp filter");
    }
  }
  for (const Refusal& r : kRefused) {
    if (seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(static_cast<uint32_t>(r.error)), r.syscall, 0) !=
        0) {
      return MakeError(ErrorCode::kInternal, "cannot add syscall " + std::to_string(r.syscall) +
                                                 " to the seccomp filter");
    }
  }
  CR_RETURN_IF_ERROR(AddConditionalRules(ctx.get()));
  if (seccomp_load(ctx.get()) != 0) {
    return MakeError(ErrorCode::kInternal, "cannot load the seccomp filter");
  }
  return Ok();
}

}  // namespace cleanroom

// The enclave's seccomp sandbox (src/enclave/sandbox.h). A forked child installs it and makes
// one system call: an allowed call works, a refused one returns its exact errno and the child
// lives on, a forbidden one kills the child with SIGSYS. Then the real binary's self-tests:
// glibc's heap trimming under the sandbox, descriptors inherited from the host, and the
// overcommit probe done before the filter.
#include "enclave/sandbox.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <functional>
#include <ostream>
#include <string>
#include <thread>

#include "common/file_io.h"
#include "support/process.h"

extern char** environ;

namespace cleanroom {
namespace {

using testing::RunProcess;
using testing::ScratchDir;

// How a child ended: its exit code, or the signal that killed it.
struct Outcome {
  bool killed = false;
  int value = 0;  // exit code, or signal number
  bool operator==(const Outcome&) const = default;
};
Outcome Exited(int code) { return {false, code}; }
Outcome Killed(int signal) { return {true, signal}; }
void PrintTo(const Outcome& o, std::ostream* os) {
  *os << (o.killed ? "killed by signal " : "exited with ") << o.value;
}

// Forks; the child installs the sandbox and exits with what `body` returns. A body reports
// a refused call by returning its errno (Errno below) and success by returning 0.
Outcome InSandbox(const std::function<int()>& body) {
  pid_t pid = fork();
  if (pid == 0) {
    if (!InstallEnclaveSandbox().ok()) _exit(250);
    _exit(body());
  }
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  return WIFSIGNALED(status) ? Killed(WTERMSIG(status)) : Exited(WEXITSTATUS(status));
}

// 0 when a call succeeded, its errno when it failed (never 0: errno of a failed call is set).
int Errno(long rc) { return rc == -1 ? errno : 0; }

// --- refused: an exact errno, and the process lives ---------------------------------------

TEST(EnclaveSandbox, OpeningAPathIsRefusedWithEacces) {
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY)); }),
            Exited(EACCES));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_open, "/etc/passwd", O_RDONLY)); }),
            Exited(EACCES));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_creat, "/tmp/x", 0600)); }), Exited(EACCES));
  // glibc's malloc, on its first trim of a thread's heap (the issue-12 crash).
  EXPECT_EQ(
      InSandbox([] { return Errno(open("/proc/sys/vm/overcommit_memory", O_RDONLY | O_CLOEXEC)); }),
      Exited(EACCES));
}

TEST(EnclaveSandbox, CreatingAFileIsRefusedAndCreatesNothing) {
  ScratchDir dir;
  std::string path = dir / "written-by-the-enclave";
  EXPECT_EQ(InSandbox([&] {
              return Errno(open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
            }),
            Exited(EACCES));
  EXPECT_EQ(testing::ListDir(dir.path()), std::vector<std::string>{});
}

TEST(EnclaveSandbox, InspectingAPathIsRefusedWithEacces) {
  struct stat st;
  EXPECT_EQ(InSandbox([&] { return Errno(stat("/etc/passwd", &st)); }), Exited(EACCES));
  EXPECT_EQ(InSandbox([&] { return Errno(lstat("/etc/passwd", &st)); }), Exited(EACCES));
  EXPECT_EQ(InSandbox([&] { return Errno(fstatat(AT_FDCWD, "/etc/passwd", &st, 0)); }),
            Exited(EACCES));
  EXPECT_EQ(InSandbox([] { return Errno(access("/etc/passwd", R_OK)); }), Exited(EACCES));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_faccessat, AT_FDCWD, "/etc/passwd", R_OK)); }),
            Exited(EACCES));
  EXPECT_EQ(InSandbox([] {
              char buf[256];
              return Errno(readlink("/proc/self/exe", buf, sizeof buf));
            }),
            Exited(EACCES));
  EXPECT_EQ(InSandbox([] {
              struct statfs fs;
              return Errno(statfs("/", &fs));
            }),
            Exited(EACCES));
  EXPECT_EQ(InSandbox([] {
              char buf[4096];
              return Errno(syscall(SYS_getcwd, buf, sizeof buf));
            }),
            Exited(EACCES));
  EXPECT_EQ(InSandbox([] {
              struct utsname u;
              return Errno(uname(&u));
            }),
            Exited(EACCES));
}

TEST(EnclaveSandbox, NewerVariantsAnswerEnosysSoThatGlibcFallsBack) {
  EXPECT_EQ(
      InSandbox([] { return Errno(syscall(SYS_openat2, AT_FDCWD, "/etc/passwd", nullptr, 0)); }),
      Exited(ENOSYS));
  EXPECT_EQ(
      InSandbox([] { return Errno(syscall(SYS_faccessat2, AT_FDCWD, "/etc/passwd", R_OK, 0)); }),
      Exited(ENOSYS));
  EXPECT_EQ(InSandbox([] {
              char buf[256];
              return Errno(syscall(SYS_statx, AT_FDCWD, "/etc/passwd", 0, 0x7ff, buf));
            }),
            Exited(ENOSYS));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_clone3, nullptr, 0)); }), Exited(ENOSYS));
}

TEST(EnclaveSandbox, AnotherTasksCpuMaskAnswersEnosys) {
  const pid_t parent = getpid();
  EXPECT_EQ(InSandbox([&] {
              cpu_set_t set;
              return Errno(sched_getaffinity(parent, sizeof set, &set));
            }),
            Exited(ENOSYS));
  // pthread_getattr_np asks by tid (AddressSanitizer does at each thread start), takes
  // ENOSYS as "no CPU mask to report", and succeeds.
  EXPECT_EQ(InSandbox([] {
              int rc = -1;
              std::thread([&] {
                pthread_attr_t attr;
                rc = pthread_getattr_np(pthread_self(), &attr);
                if (rc == 0) pthread_attr_destroy(&attr);
              }).join();
              return rc;
            }),
            Exited(0));
}

TEST(EnclaveSandbox, IoctlAnswersEnottyAndIsattySaysNo) {
  EXPECT_EQ(InSandbox([] {
              struct termios t;
              return Errno(ioctl(1, TCGETS, &t));
            }),
            Exited(ENOTTY));
  EXPECT_EQ(InSandbox([] { return isatty(2) == 0 && errno == ENOTTY ? 0 : 1; }), Exited(0));
}

TEST(EnclaveSandbox, GlibcFallbacksStillAnswer) {
  // get_nprocs reads /sys and /proc (refused), then counts the CPUs of sched_getaffinity.
  cpu_set_t set;
  ASSERT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
  const int cpus = CPU_COUNT(&set);
  EXPECT_EQ(InSandbox([&] { return get_nprocs() == cpus ? 0 : 1; }), Exited(0));
  EXPECT_EQ(InSandbox([&] {
              return std::thread::hardware_concurrency() == static_cast<unsigned>(cpus) ? 0 : 1;
            }),
            Exited(0));
  // sysconf(_SC_PHYS_PAGES) is sysinfo, which glibc does not check: allowed.
  const long pages = sysconf(_SC_PHYS_PAGES);
  EXPECT_EQ(InSandbox([&] { return sysconf(_SC_PHYS_PAGES) == pages ? 0 : 1; }), Exited(0));
}

// --- allowed ------------------------------------------------------------------------------

TEST(EnclaveSandbox, AllowedCallsWork) {
  // fstat of a held descriptor (newfstatat with AT_EMPTY_PATH).
  EXPECT_EQ(InSandbox([] {
              struct stat st;
              return Errno(fstat(1, &st));
            }),
            Exited(0));
  // Threads, and malloc growing and trimming their heaps.
  EXPECT_EQ(InSandbox([] {
              std::atomic<int> ran{0};
              std::thread a([&] { ++ran; }), b(TrimAThreadHeap);
              a.join();
              b.join();
              return ran.load() == 1 ? 0 : 1;
            }),
            Exited(0));
  // Its own limits (prlimit64 with pid 0) and CPU mask.
  EXPECT_EQ(InSandbox([] {
              struct rlimit r;
              return Errno(getrlimit(RLIMIT_NOFILE, &r));
            }),
            Exited(0));
  EXPECT_EQ(InSandbox([] {
              cpu_set_t set;
              return Errno(sched_getaffinity(0, sizeof set, &set));
            }),
            Exited(0));
  // A signal to itself: kill(getpid()) works, and abort() dies of SIGABRT, not SIGSYS.
  EXPECT_EQ(InSandbox([] { return Errno(kill(getpid(), 0)); }), Exited(0));
  EXPECT_EQ(InSandbox([]() -> int { abort(); }), Killed(SIGABRT));
}

// --- killed -------------------------------------------------------------------------------

TEST(EnclaveSandbox, ExecKills) {
  EXPECT_EQ(InSandbox([] {
              char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
              execv("/bin/true", argv);
              return Errno(-1);
            }),
            Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] {
              return Errno(syscall(SYS_execveat, AT_FDCWD, "/bin/true", nullptr, nullptr, 0));
            }),
            Killed(SIGSYS));
}

TEST(EnclaveSandbox, SocketsKill) {
  EXPECT_EQ(InSandbox([] { return Errno(socket(AF_INET, SOCK_STREAM, 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(socket(AF_UNIX, SOCK_STREAM, 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] {
              int sv[2];
              return Errno(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
            }),
            Killed(SIGSYS));
  // On a held descriptor too (the filter decides before the kernel looks at it).
  EXPECT_EQ(InSandbox([] { return Errno(connect(0, nullptr, 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(bind(0, nullptr, 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(accept(0, nullptr, nullptr)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(sendto(0, "x", 1, 0, nullptr, 0)); }), Killed(SIGSYS));
}

TEST(EnclaveSandbox, NewProcessesKill) {
  EXPECT_EQ(InSandbox([] { return Errno(fork()); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_vfork)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0)); }),
            Killed(SIGSYS));
  // CLONE_THREAD with a new namespace: killed (and the kernel would refuse it, EINVAL,
  // should the filter ever let it through).
  EXPECT_EQ(
      InSandbox([] { return Errno(syscall(SYS_clone, CLONE_THREAD | CLONE_NEWUSER, 0, 0, 0, 0)); }),
      Killed(SIGSYS));
  EXPECT_EQ(
      InSandbox([] { return Errno(syscall(SYS_clone, CLONE_THREAD | CLONE_NEWNET, 0, 0, 0, 0)); }),
      Killed(SIGSYS));
  // posix_spawn: clone3 answers ENOSYS, the clone it falls back to (CLONE_VM | CLONE_VFORK,
  // no CLONE_THREAD) kills.
  EXPECT_EQ(InSandbox([] {
              pid_t pid;
              char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
              return posix_spawn(&pid, "/bin/true", nullptr, nullptr, argv, environ);
            }),
            Killed(SIGSYS));
}

TEST(EnclaveSandbox, ReachingOtherProcessesKills) {
  const pid_t parent = getpid();  // the test process, the child's parent
  EXPECT_EQ(InSandbox([] { return Errno(ptrace(PTRACE_TRACEME, 0, nullptr, nullptr)); }),
            Killed(SIGSYS));
  EXPECT_EQ(InSandbox([&] { return Errno(ptrace(PTRACE_ATTACH, parent, nullptr, nullptr)); }),
            Killed(SIGSYS));
  EXPECT_EQ(InSandbox([&] {
              char buf[8];
              iovec local{buf, sizeof buf}, remote{buf, sizeof buf};
              return Errno(process_vm_readv(parent, &local, 1, &remote, 1, 0));
            }),
            Killed(SIGSYS));
  EXPECT_EQ(InSandbox([&] {
              char buf[8] = {};
              iovec local{buf, sizeof buf}, remote{buf, sizeof buf};
              return Errno(process_vm_writev(parent, &local, 1, &remote, 1, 0));
            }),
            Killed(SIGSYS));
  EXPECT_EQ(InSandbox([&] { return Errno(kill(parent, 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(kill(0, 0)); }), Killed(SIGSYS));  // its process group
  EXPECT_EQ(InSandbox([] { return Errno(kill(-1, 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([&] { return Errno(syscall(SYS_tgkill, parent, parent, 0)); }),
            Killed(SIGSYS));
  EXPECT_EQ(InSandbox([&] { return Errno(syscall(SYS_tkill, parent, 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([&] {
              struct rlimit r;
              return Errno(prlimit(parent, RLIMIT_NOFILE, nullptr, &r));
            }),
            Killed(SIGSYS));
  // F_SETOWN would aim the socket's SIGIO at another process; fcntl is not allowed at all.
  EXPECT_EQ(InSandbox([&] { return Errno(fcntl(1, F_SETOWN, parent)); }), Killed(SIGSYS));
}

TEST(EnclaveSandbox, NamespacesMountsAndKernelInterfacesKill) {
  EXPECT_EQ(InSandbox([] { return Errno(unshare(CLONE_NEWUSER)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(setns(0, 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(mount("none", "/tmp", "tmpfs", 0, nullptr)); }),
            Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(chroot("/")); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_bpf, BPF_PROG_LOAD, nullptr, 0)); }),
            Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_perf_event_open, nullptr, 0, -1, -1, 0)); }),
            Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_keyctl, 0, 0, 0, 0, 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_add_key, "user", "k", "v", 1, 0)); }),
            Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_io_uring_setup, 1, nullptr)); }),
            Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_userfaultfd, 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(syscall(SYS_memfd_create, "x", 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([] { return Errno(dup(1)); }), Killed(SIGSYS));
}

TEST(EnclaveSandbox, ChangingFilesKills) {
  ScratchDir dir;
  std::string a = dir / "a", b = dir / "b";
  ASSERT_TRUE(WriteFileAtomic(a, std::string("x")).ok());
  EXPECT_EQ(InSandbox([&] { return Errno(unlink(a.c_str())); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([&] { return Errno(rename(a.c_str(), b.c_str())); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([&] { return Errno(mkdir(b.c_str(), 0700)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([&] { return Errno(truncate(a.c_str(), 0)); }), Killed(SIGSYS));
  EXPECT_EQ(InSandbox([&] { return Errno(chmod(a.c_str(), 0777)); }), Killed(SIGSYS));
  EXPECT_EQ(testing::ListDir(dir.path()), std::vector<std::string>{"a"});
  EXPECT_EQ(*ReadTextFile(a), "x");
}

// The i386 ABI (int 0x80) from a second thread: the whole process dies, not the thread.
TEST(EnclaveSandbox, AnotherAbiKillsTheWholeProcess) {
  auto i386_getpid = [] {
    long rc;
    asm volatile("int $0x80"
                 : "=a"(rc)
                 : "a"(20L)
                 : "r8", "r9", "r10", "r11", "memory");  // 20: getpid on i386
    return rc;
  };
  // Without the sandbox: int 0x80 must work here (a kernel without IA32 emulation: skip).
  pid_t probe = fork();
  if (probe == 0) _exit(i386_getpid() == getpid() ? 0 : 1);
  int status = 0;
  ASSERT_EQ(waitpid(probe, &status, 0), probe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) GTEST_SKIP() << "no i386 syscall ABI here";
  EXPECT_EQ(InSandbox([&] {
              std::thread t([&] { i386_getpid(); });
              t.join();
              return 0;
            }),
            Killed(SIGSYS));
}

// A thread started before the sandbox is bound by it too (the filter is synchronised).
TEST(EnclaveSandbox, ThreadsStartedBeforeAreFiltered) {
  pid_t pid = fork();
  if (pid == 0) {
    std::atomic<bool> go{false};
    std::thread t([&] {
      while (!go.load()) std::this_thread::yield();
      _exit(socket(AF_INET, SOCK_STREAM, 0) >= 0 ? 0 : 1);
    });
    if (!InstallEnclaveSandbox().ok()) _exit(250);
    go = true;
    t.join();
    _exit(2);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  Outcome o = WIFSIGNALED(status) ? Killed(WTERMSIG(status)) : Exited(WEXITSTATUS(status));
  EXPECT_EQ(o, Killed(SIGSYS));
}

// --- the real binary ----------------------------------------------------------------------

TEST(EnclaveSandbox, RealBinaryRefusesOpenAndKillsSocketAndExec) {
  auto open = RunProcess({CLEANROOM_ENCLAVE_BIN, "--sandbox-selftest", "open"});
  EXPECT_EQ(open.exit_code, 0) << open.err;
  EXPECT_EQ(open.out, "open: -1 EACCES\n");
  for (const char* call : {"socket", "execve"}) {
    auto r = RunProcess({CLEANROOM_ENCLAVE_BIN, "--sandbox-selftest", call});
    EXPECT_EQ(r.exit_code, 128 + SIGSYS) << call << ": " << r.out << r.err;
    EXPECT_EQ(r.out, "") << call;
  }
}

TEST(EnclaveSandbox, RealBinaryTrimsThreadHeapsUnderTheSandbox) {
  auto r = RunProcess({CLEANROOM_ENCLAVE_BIN, "--sandbox-selftest", "heap-trim"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "still alive\n");
}

TEST(EnclaveSandbox, RealBinaryClosesDescriptorsItInherits) {
  // Descriptors 7 and 9 leak into the enclave, as a careless host might leak its ledger.
  auto r = RunProcess({"/bin/sh", "-c",
                       std::string("exec 7</dev/null 9>/dev/null; exec ") + CLEANROOM_ENCLAVE_BIN +
                           " --sandbox-selftest descriptors"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "descriptors: 0 1 2\n");
}

TEST(EnclaveSandbox, AllowedSyscallsStillWork) {
  auto r = RunProcess({CLEANROOM_ENCLAVE_BIN, "--sandbox-selftest", "allowed"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "still alive\n");
}

// Belt and braces: glibc reads /proc/sys/vm/overcommit_memory before the filter is loaded
// (and gets a descriptor), so that its answer is right on hosts with strict overcommit.
TEST(EnclaveSandbox, OvercommitIsProbedBeforeTheFilter) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer replaces glibc's malloc: there is no probe to see";
#endif
  if (access("/usr/bin/strace", X_OK) != 0) GTEST_SKIP() << "needs /usr/bin/strace";
  auto can_trace = RunProcess({"/usr/bin/strace", "-o", "/dev/null", "/bin/true"});
  if (can_trace.exit_code != 0) GTEST_SKIP() << "strace cannot trace here: " << can_trace.err;
  ScratchDir dir;
  auto r =
      RunProcess({"/usr/bin/strace", "-f", "-qq", "-o", dir / "trace", "-e", "trace=openat,seccomp",
                  CLEANROOM_ENCLAVE_BIN, "--sandbox-selftest", "heap-trim"});
  EXPECT_EQ(r.out, "still alive\n") << r.err;
  std::string trace = *ReadTextFile(dir / "trace");
  size_t probe = trace.find("\"/proc/sys/vm/overcommit_memory\"");
  size_t loaded = trace.find("SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC|");  // {len=...}
  ASSERT_NE(probe, std::string::npos) << trace;
  ASSERT_NE(loaded, std::string::npos) << trace;
  EXPECT_LT(probe, loaded);
  std::string probe_line = trace.substr(probe, trace.find('\n', probe) - probe);
  EXPECT_EQ(probe_line.find("= -1"), std::string::npos) << probe_line;
  // Once: no second attempt under the filter.
  EXPECT_EQ(trace.find("overcommit_memory", probe + probe_line.size()), std::string::npos) << trace;
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

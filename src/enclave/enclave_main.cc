// cleanroom-enclave: the trusted executor (docs/architecture.md §3). The host starts it with one
// end of a socketpair as file descriptor 3 and speaks length-prefixed frames to it. It first
// closes every other descriptor it may have inherited (all but 0-3), then measures its own
// binary; after a successful init it installs the seccomp sandbox, so from then on it can
// only talk over the descriptors it has.
//
//   cleanroom-enclave --version
//   cleanroom-enclave --sandbox-selftest WHAT   (tests: the sandbox seen from the real binary)
//     open         prints "open: -1 EACCES" (refused, not killed)
//     socket       must be killed (SIGSYS)
//     execve       must be killed (SIGSYS)
//     heap-trim    threads grow and trim their malloc heaps; prints "still alive"
//     descriptors  prints the open descriptors below 1024, e.g. "descriptors: 0 1 2"
//     allowed      prints "still alive"
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "enclave/enclave_service.h"
#include "enclave/frame.h"
#include "enclave/measurement.h"
#include "enclave/sandbox.h"

namespace cleanroom {
namespace {

constexpr int kHostFd = 3;

// OCALLs go out on the same socket; the host answers each before anything else.
class SocketOcalls : public OcallChannel {
 public:
  explicit SocketOcalls(int fd) : fd_(fd) {}
  Result<Bytes> Call(MessageType type, ByteView body) override {
    CR_RETURN_IF_ERROR(WriteFrame(fd_, type, body));
    CR_ASSIGN_OR_RETURN(Frame reply, ReadFrame(fd_));
    if (reply.type == MessageType::kError) return DecodeError(reply.body);
    if (reply.type != MessageType::kReply) {
      return MakeError(ErrorCode::kIntegrity, "the host answered an OCALL with a non-reply");
    }
    return std::move(reply.body);
  }

 private:
  int fd_;
};

// A descriptor the host leaked by mistake (its ledger, a bundle file) would stay readable and
// writable under the sandbox, which allows read and write on every held descriptor.
void CloseInheritedDescriptors() {
  if (close_range(kHostFd + 1, ~0U, 0) == 0) return;
  struct rlimit limit {};
  rlim_t end = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
                   ? limit.rlim_cur
                   : 65536;
  for (rlim_t fd = kHostFd + 1; fd < end; ++fd) close(static_cast<int>(fd));
}

int SandboxSelfTest(const char* what) {
  if (!InstallEnclaveSandbox().ok()) return 1;
  if (std::strcmp(what, "open") == 0) {
    int fd = open("/etc/hostname", O_RDONLY);
    int error = errno;
    std::printf("open: %d %s\n", fd, fd < 0 && error == EACCES ? "EACCES" : "?");
    return fd < 0 && error == EACCES ? 0 : 3;
  } else if (std::strcmp(what, "socket") == 0) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    std::printf("socket returned %d\n", fd);
  } else if (std::strcmp(what, "execve") == 0) {
    char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
    execv("/bin/true", argv);
    std::printf("execve returned\n");
  } else if (std::strcmp(what, "heap-trim") == 0) {
    // Two threads at once, as the engine runs, each growing and trimming its arena's heap.
    std::thread a(TrimAThreadHeap), b(TrimAThreadHeap);
    a.join();
    b.join();
    std::printf("still alive\n");
    return 0;
  } else if (std::strcmp(what, "descriptors") == 0) {
    std::string open_fds;
    struct stat st;
    for (int fd = 0; fd < 1024; ++fd) {
      if (fstat(fd, &st) == 0) open_fds += " " + std::to_string(fd);
    }
    std::printf("descriptors:%s\n", open_fds.c_str());
    return 0;
  } else if (std::strcmp(what, "allowed") == 0) {
    std::printf("still alive\n");  // write is allowed
    return 0;
  }
  return 3;  // reached only if the forbidden call was not stopped
}

int Serve() {
  auto measurement = MeasureBinary("/proc/self/exe");
  if (!measurement.ok()) {
    std::fprintf(stderr, "error: %s\n", measurement.error().message.c_str());
    return 1;
  }
  EnclaveService service(*measurement);
  SocketOcalls host(kHostFd);
  for (;;) {
    auto frame = ReadFrame(kHostFd);
    if (!frame.ok()) return frame.error().code == ErrorCode::kIo ? 0 : 5;
    if (frame->type == MessageType::kShutdown) return 0;
    bool was_initialised = service.initialised();
    Result<Bytes> reply = service.Handle(frame->type, frame->body, host);
    Status sent = reply.ok() ? WriteFrame(kHostFd, MessageType::kReply, *reply)
                             : WriteFrame(kHostFd, MessageType::kError, EncodeError(reply.error()));
    if (!sent.ok()) return 1;
    if (!was_initialised && service.initialised()) {
      Status sandboxed = InstallEnclaveSandbox();
      if (!sandboxed.ok()) {
        std::fprintf(stderr, "error: %s\n", sandboxed.error().message.c_str());
        return 1;
      }
    }
  }
}

}  // namespace
}  // namespace cleanroom

// Under AddressSanitizer, LeakSanitizer's exit-time scan needs ptrace, which the sandbox
// forbids; the enclave leaves through _exit instead, after its destructors have wiped its keys.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

int main(int argc, char** argv) {
  cleanroom::CloseInheritedDescriptors();
  if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
    std::puts("cleanroom-enclave 0.1.0");
    return 0;
  }
  if (argc == 3 && std::strcmp(argv[1], "--sandbox-selftest") == 0) {
    std::fflush(stdout);
    int code = cleanroom::SandboxSelfTest(argv[2]);
    std::fflush(stdout);
    _exit(code);
  }
  struct stat st;
  if (argc != 1 || fstat(3, &st) != 0 || !S_ISSOCK(st.st_mode)) {
    std::fputs(
        "error: cleanroom-enclave is started by the cleanroom host with its channel on "
        "file descriptor 3, not by hand\n",
        stderr);
    return 2;
  }
  int code = cleanroom::Serve();  // the service, and every key it held, is gone by now
  _exit(code);
}

// cleanroom-enclave: the trusted executor (DESIGN.md section 4). The host starts it with one
// end of a socketpair as file descriptor 3 and speaks length-prefixed frames to it. Before
// reading anything it measures its own binary; after a successful init it installs the
// seccomp sandbox, so from then on it can only talk over the descriptors it has.
//
//   cleanroom-enclave --version
//   cleanroom-enclave --sandbox-selftest open|socket|execve   (tests: must be killed)
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

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

int SandboxSelfTest(const char* what) {
  if (!InstallEnclaveSandbox().ok()) return 1;
  if (std::strcmp(what, "open") == 0) {
    int fd = open("/etc/hostname", O_RDONLY);
    std::printf("open returned %d\n", fd);
  } else if (std::strcmp(what, "socket") == 0) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    std::printf("socket returned %d\n", fd);
  } else if (std::strcmp(what, "execve") == 0) {
    char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
    execv("/bin/true", argv);
    std::printf("execve returned\n");
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

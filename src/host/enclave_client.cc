#include "host/enclave_client.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cleanroom {

Result<EnclaveClient> EnclaveClient::Start(const std::string& enclave_path) {
  if (access(enclave_path.c_str(), X_OK) != 0) {
    return MakeError(ErrorCode::kIo, "cannot start enclave " + enclave_path + ": " +
                                         std::strerror(errno) +
                                         " (build it, or set CLEANROOM_ENCLAVE)");
  }
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    return MakeError(ErrorCode::kIo, "cannot create the enclave socketpair");
  }
  // The peer may die mid-write; report that as an error, not a signal.
  signal(SIGPIPE, SIG_IGN);
  pid_t pid = fork();
  if (pid < 0) {
    close(sv[0]);
    close(sv[1]);
    return MakeError(ErrorCode::kIo, "cannot fork the enclave");
  }
  if (pid == 0) {
    // Child: the channel becomes descriptor 3 (dup2 clears close-on-exec).
    if (dup2(sv[1], 3) < 0) _exit(127);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    char* argv[] = {const_cast<char*>(enclave_path.c_str()), nullptr};
    execv(enclave_path.c_str(), argv);
    _exit(127);
  }
  close(sv[1]);
  return EnclaveClient(pid, sv[0]);
}

EnclaveClient::EnclaveClient(EnclaveClient&& other) noexcept : pid_(other.pid_), fd_(other.fd_) {
  other.pid_ = -1;
  other.fd_ = -1;
}

EnclaveClient::~EnclaveClient() {
  if (pid_ > 0) Shutdown();
}

Error EnclaveClient::Crashed() {
  int status = 0;
  std::string how = "exited";
  if (pid_ > 0 && waitpid(pid_, &status, 0) == pid_) {
    how = WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status))
                              : "exited with status " + std::to_string(WEXITSTATUS(status));
    pid_ = -1;
  }
  return MakeError(ErrorCode::kIntegrity, "the enclave " + how + " in the middle of a call");
}

Error EnclaveClient::Abandon(Error why) {
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  return why;
}

Result<Bytes> EnclaveClient::Call(MessageType type, ByteView body, OcallHandler* ocalls) {
  if (fd_ < 0) return MakeError(ErrorCode::kInternal, "the enclave is not running");
  if (body.size() + 1 > kMaxFrameBytes) {
    return Abandon(MakeError(ErrorCode::kBadInput,
                             "the request to the enclave is " + std::to_string(body.size()) +
                                 " bytes, over the channel's limit of " +
                                 std::to_string(kMaxFrameBytes) + "; the enclave was stopped"));
  }
  if (!WriteFrame(fd_, type, body).ok()) return Crashed();
  for (;;) {
    auto frame = ReadFrame(fd_);
    if (!frame.ok()) {
      if (frame.error().code == ErrorCode::kIo) return Crashed();
      return frame.error();
    }
    switch (frame->type) {
      case MessageType::kReply:
        return std::move(frame->body);
      case MessageType::kError:
        return DecodeError(frame->body);
      case MessageType::kReadChunk:
      case MessageType::kReadManifest:
      case MessageType::kBudgetCommit: {
        Result<Bytes> answer =
            ocalls != nullptr
                ? ocalls->Handle(frame->type, frame->body)
                : Result<Bytes>(MakeError(ErrorCode::kInternal, "no OCALL handler for this call"));
        if (answer.ok() && answer->size() + 1 > kMaxFrameBytes) {
          answer = MakeError(ErrorCode::kBadInput,
                             "an answer of " + std::to_string(answer->size()) +
                                 " bytes is over the enclave channel's limit of " +
                                 std::to_string(kMaxFrameBytes) +
                                 " (a bundle chunk this large cannot be read; prepare it again "
                                 "with a smaller --chunk-rows)");
        }
        Status sent = answer.ok()
                          ? WriteFrame(fd_, MessageType::kReply, *answer)
                          : WriteFrame(fd_, MessageType::kError, EncodeError(answer.error()));
        if (!sent.ok()) return Crashed();
        break;
      }
      default:
        return MakeError(ErrorCode::kIntegrity, "the enclave sent an unexpected message type " +
                                                    std::to_string(static_cast<int>(frame->type)));
    }
  }
}

int EnclaveClient::Shutdown() {
  if (fd_ >= 0) {
    (void)WriteFrame(fd_, MessageType::kShutdown, {});
    close(fd_);
    fd_ = -1;
  }
  int status = 0;
  int code = -1;
  if (pid_ > 0 && waitpid(pid_, &status, 0) == pid_) {
    code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  pid_ = -1;
  return code;
}

}  // namespace cleanroom

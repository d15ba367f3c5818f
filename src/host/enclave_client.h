// EnclaveClient: the host's handle on one cleanroom-enclave process. It starts the binary
// with one end of a socketpair as descriptor 3, sends ECALLs as frames, and while an ECALL
// runs answers the enclave's OCALLs through an OcallHandler (read a chunk, commit a budget
// charge). Everything the enclave returns is checked by the caller (attestation, signatures);
// this class only moves bytes. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include "common/bytes.h"
#include "common/error.h"
#include "enclave/frame.h"

namespace cleanroom {

class OcallHandler {
 public:
  virtual ~OcallHandler() = default;
  // The reply body for one OCALL, or an error to send back into the enclave.
  virtual Result<Bytes> Handle(MessageType type, ByteView body) = 0;
};

class EnclaveClient {
 public:
  // Starts `enclave_path`. kIo if it cannot be started.
  static Result<EnclaveClient> Start(const std::string& enclave_path);
  ~EnclaveClient();
  EnclaveClient(EnclaveClient&& other) noexcept;
  EnclaveClient& operator=(EnclaveClient&&) = delete;
  EnclaveClient(const EnclaveClient&) = delete;

  // Sends one ECALL and serves OCALLs until the enclave answers. An error the enclave
  // reports comes back with its code; a crashed enclave is kIntegrity. An ECALL too large for
  // a frame ends the enclave (killed, reaped) and is returned as its own error: neither side
  // is left waiting. An OCALL answer too large for a frame goes back to the enclave as an
  // error, which the enclave returns.
  Result<Bytes> Call(MessageType type, ByteView body, OcallHandler* ocalls = nullptr);

  // Asks the enclave to wipe its keys and exit; waits for it. Returns its exit status
  // (128 + signal if killed).
  int Shutdown();

 private:
  EnclaveClient(pid_t pid, int fd) : pid_(pid), fd_(fd) {}
  Error Crashed();
  // Kills and reaps the enclave, then returns `why`.
  Error Abandon(Error why);
  pid_t pid_ = -1;
  int fd_ = -1;
};

}  // namespace cleanroom

// The byte stream the host sends the enclave, through the enclave's own loop: ReadFrame on
// a socket (the stream written into a socketpair, then closed), each ECALL frame dispatched
// to a fresh EnclaveService (init, provision_key, execute; an execute reaches
// Plan::FromJson), and each answer written back as cleanroom-enclave does (kReply, or
// EncodeError). Frames of the answer types are decoded as their reader would: kError with
// DecodeError, kReply as an init reply (ParseJson, AttestationReport::FromJson). When an init
// succeeds (a seed carries a validly signed one), the host's check of the report must pass.
// No sandbox is installed, and the service answers OCALLs with an error (none is reached:
// no data key can be released to a fuzzed enclave).
//
// A custom mutator keeps the framing mostly intact: half the mutations change one frame's
// body and rewrite its length (so that the JSON of an init, provision_key or execute behind
// a valid init is mutated, not just broken off), the other half mutate the stream as bytes.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "common/json_util.h"
#include "enclave/attestation.h"
#include "enclave/enclave_service.h"
#include "enclave/frame.h"
#include "fuzz_support.h"

namespace cleanroom::fuzz {
namespace {

// ReadFrame's limit is a parameter; 1 MiB here keeps an announced length from costing the
// fuzzer 128 MiB per input. The check itself is the same code.
constexpr size_t kFrameLimit = size_t{1} << 20;
constexpr size_t kMaxInput = size_t{64} << 10;  // fits a socketpair's buffer at once

class NoHost : public OcallChannel {
 public:
  Result<Bytes> Call(MessageType, ByteView) override {
    return MakeError(ErrorCode::kIo, "the fuzz target has no host to answer OCALLs");
  }
};

// What the enclave may answer an ECALL with (kInternal or kIo would be a bug here), as the
// host reads it: the message is made one line by DecodeError at the boundary, so a refusal
// that quotes the host's own text on two lines inside the enclave is no finding.
void CheckAnswer(const Error& e) {
  Error back = DecodeError(EncodeError(e));
  if (back.code != e.code) Fail("EncodeError/DecodeError", "the code changed: " + e.message);
  CheckError("EnclaveService::Handle", back,
             {ErrorCode::kIntegrity, ErrorCode::kRejected, ErrorCode::kUsage, ErrorCode::kPrivacy,
              ErrorCode::kBadInput});
}

// The host's side of a successful init: the report must parse and verify.
void CheckInitReply(ByteView reply) {
  Result<Json> j = ParseJson(AsChars(reply), "attestation", ErrorCode::kIntegrity);
  if (!j.ok()) Fail("init reply", j.error().message);
  Result<AttestationReport> report = AttestationReport::FromJson(*j, "attestation");
  if (!report.ok()) Fail("init reply", report.error().message);
  const Policy& policy = ExamplePolicy();
  AttestationExpectations expect{policy.enclave().measurement, report->policy_sha256, true};
  Status verified = VerifyAttestation(*report, expect);
  if (!verified.ok()) Fail("init reply does not verify", verified.error().message);
}

// A frame of an answer type, read the way the host reads the enclave's answers.
void DecodeAnswer(const Frame& f) {
  if (f.type == MessageType::kError) {
    CheckError("DecodeError", DecodeError(f.body),
               {ErrorCode::kInternal, ErrorCode::kIo, ErrorCode::kUsage, ErrorCode::kRejected,
                ErrorCode::kPrivacy, ErrorCode::kIntegrity, ErrorCode::kBadInput});
    return;
  }
  Result<Json> j = ParseJson(AsChars(f.body), "attestation", ErrorCode::kIntegrity);
  if (!j.ok()) return CheckError("ParseJson", j.error(), {ErrorCode::kIntegrity});
  Result<AttestationReport> report = AttestationReport::FromJson(*j, "attestation");
  if (!report.ok())
    CheckError("AttestationReport::FromJson", report.error(), {ErrorCode::kIntegrity});
}

// Reads what the enclave wrote, so that its socket never fills.
void Drain(int fd) {
  uint8_t sink[4096];
  while (recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0) {
  }
}

void Serve(int enclave_fd, int host_fd) {
  EnclaveService service{std::string(kMeasurement)};
  NoHost host;
  for (;;) {
    Result<Frame> frame = ReadFrame(enclave_fd, kFrameLimit);
    if (!frame.ok()) {
      CheckError("ReadFrame", frame.error(), {ErrorCode::kIo, ErrorCode::kIntegrity});
      return;
    }
    if (frame->type == MessageType::kShutdown) return;
    if (frame->type == MessageType::kReply || frame->type == MessageType::kError) {
      DecodeAnswer(*frame);
    }
    bool was_initialised = service.initialised();
    Result<Bytes> reply = service.Handle(frame->type, frame->body, host);
    if (reply.ok() && !was_initialised && service.initialised()) CheckInitReply(*reply);
    if (!reply.ok()) CheckAnswer(reply.error());
    Status sent = reply.ok()
                      ? WriteFrame(enclave_fd, MessageType::kReply, *reply)
                      : WriteFrame(enclave_fd, MessageType::kError, EncodeError(reply.error()));
    if (!sent.ok()) Fail("WriteFrame", sent.error().message);
    Drain(host_fd);
  }
}

}  // namespace
}  // namespace cleanroom::fuzz

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  std::minstd_rand rng(seed);
  if (rng() % 2 == 0) return LLVMFuzzerMutate(data, size, max_size);
  struct Span {
    size_t at, length;  // of a frame's body (after its 4-byte length and type byte)
  };
  std::vector<Span> frames;
  for (size_t at = 0; at + 5 <= size;) {
    uint32_t n = (uint32_t{data[at]} << 24) | (uint32_t{data[at + 1]} << 16) |
                 (uint32_t{data[at + 2]} << 8) | data[at + 3];
    if (n == 0 || n > size - at - 4) break;
    frames.push_back({at + 5, n - 1});
    at += 4 + n;
  }
  if (frames.empty()) return LLVMFuzzerMutate(data, size, max_size);
  const Span f = frames[rng() % frames.size()];
  const size_t rest = size - f.length;  // the stream without this body
  if (rest >= max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::vector<uint8_t> body(data + f.at, data + f.at + f.length);
  body.resize(max_size - rest);
  const size_t length = LLVMFuzzerMutate(body.data(), f.length, body.size());
  std::vector<uint8_t> tail(data + f.at + f.length, data + size);
  const uint32_t n = static_cast<uint32_t>(length + 1);
  const uint8_t header[4] = {static_cast<uint8_t>(n >> 24), static_cast<uint8_t>(n >> 16),
                             static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)};
  std::copy(header, header + 4, data + f.at - 5);
  std::copy(body.begin(), body.begin() + static_cast<long>(length), data + f.at);
  std::copy(tail.begin(), tail.end(), data + f.at + length);
  return rest + length;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cleanroom::fuzz;
  if (size > kMaxInput) return 0;
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) Fail("socketpair", "failed");
  const int enclave_fd = fds[0], host_fd = fds[1];
  size_t done = 0;
  while (done < size) {
    ssize_t n = send(host_fd, data + done, size - done, MSG_DONTWAIT);
    if (n <= 0) Fail("send", "the input does not fit the socket buffer");
    done += static_cast<size_t>(n);
  }
  shutdown(host_fd, SHUT_WR);
  Serve(enclave_fd, host_fd);
  close(enclave_fd);
  close(host_fd);
  return 0;
}

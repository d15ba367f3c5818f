// The enclave boundary's wire format (docs/architecture.md §3): length-prefixed frames over one
// socket. A frame is a 4-byte big-endian length N, then N bytes: one message-type byte and
// the body. Frames above the reader's limit are refused before anything is allocated, so a
// hostile peer cannot make the other side allocate what it likes.
#pragma once

#include <cstdint>

#include "common/bytes.h"
#include "common/error.h"

namespace cleanroom {

enum class MessageType : uint8_t {
  // ECALLs: host -> enclave, each answered by kReply or kError.
  kInit = 1,          // JSON {policy, signatures, platform_seed, tee}
  kProvisionKey = 2,  // JSON {dataset, sealed_key}
  kExecute = 3,       // JSON {plan, analyst, purpose, epsilon, query_sha256, ...}
  kShutdown = 4,      // empty; the enclave wipes its keys and exits 0
  // OCALLs: enclave -> host during kExecute, each answered by kReply or kError.
  kReadChunk = 10,     // JSON {dataset, column, chunk} -> raw ciphertext
  kReadManifest = 11,  // JSON {dataset} -> manifest JSON text
  kBudgetCommit =
      12,  // JSON {analyst, epsilon, delta, query_sha256} -> JSON {epsilon_remaining...}
  // Answers.
  kReply = 20,
  kError = 21,  // JSON {code, message}
};

inline constexpr size_t kMaxFrameBytes = 128u << 20;  // 128 MiB: a chunk of wide strings fits

struct Frame {
  MessageType type = MessageType::kError;
  Bytes body;
};

// Writes one frame; kIo if the peer is gone.
Status WriteFrame(int fd, MessageType type, ByteView body);
// Reads one frame. kIo on end of stream; kIntegrity for a frame over `max_bytes`, an
// empty frame, or an unknown message type.
Result<Frame> ReadFrame(int fd, size_t max_bytes = kMaxFrameBytes);

// kError bodies carry an Error across the boundary. EncodeError never fails (bytes that are
// not UTF-8 become U+FFFD); DecodeError makes the message one line, and a malformed body a
// kIntegrity error.
Bytes EncodeError(const Error& error);
Error DecodeError(ByteView body);

}  // namespace cleanroom

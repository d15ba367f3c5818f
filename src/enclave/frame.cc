#include "enclave/frame.h"

#include <unistd.h>

#include <cerrno>

#include "common/json_util.h"

namespace cleanroom {
namespace {

Status WriteAll(int fd, const uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t k = write(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return MakeError(ErrorCode::kIo, "enclave channel closed while writing");
    p += k;
    n -= static_cast<size_t>(k);
  }
  return Ok();
}

// false at a clean end of stream before the first byte.
Result<bool> ReadAll(int fd, uint8_t* p, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t k = read(fd, p + got, n - got);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) return MakeError(ErrorCode::kIo, "enclave channel read failed");
    if (k == 0) {
      if (got == 0) return false;
      return MakeError(ErrorCode::kIntegrity, "enclave channel closed in the middle of a frame");
    }
    got += static_cast<size_t>(k);
  }
  return true;
}

bool KnownType(uint8_t t) {
  switch (static_cast<MessageType>(t)) {
    case MessageType::kInit:
    case MessageType::kProvisionKey:
    case MessageType::kExecute:
    case MessageType::kShutdown:
    case MessageType::kReadChunk:
    case MessageType::kReadManifest:
    case MessageType::kBudgetCommit:
    case MessageType::kReply:
    case MessageType::kError:
      return true;
  }
  return false;
}

}  // namespace

Status WriteFrame(int fd, MessageType type, ByteView body) {
  if (body.size() + 1 > kMaxFrameBytes) {
    return MakeError(ErrorCode::kInternal, "frame of " + std::to_string(body.size()) +
                                               " bytes exceeds the enclave channel limit");
  }
  Bytes header;
  AppendU32BE(header, static_cast<uint32_t>(body.size() + 1));
  header.push_back(static_cast<uint8_t>(type));
  CR_RETURN_IF_ERROR(WriteAll(fd, header.data(), header.size()));
  return WriteAll(fd, body.data(), body.size());
}

Result<Frame> ReadFrame(int fd, size_t max_bytes) {
  uint8_t len_bytes[4];
  CR_ASSIGN_OR_RETURN(bool more, ReadAll(fd, len_bytes, 4));
  if (!more) return MakeError(ErrorCode::kIo, "enclave channel closed");
  uint32_t len = ReadU32BE(len_bytes);
  if (len == 0) return MakeError(ErrorCode::kIntegrity, "empty frame on the enclave channel");
  if (len > max_bytes) {
    return MakeError(ErrorCode::kIntegrity, "frame of " + std::to_string(len) +
                                                " bytes exceeds the limit of " +
                                                std::to_string(max_bytes));
  }
  uint8_t type = 0;
  CR_ASSIGN_OR_RETURN(more, ReadAll(fd, &type, 1));
  if (!more) return MakeError(ErrorCode::kIntegrity, "enclave channel closed in a frame");
  if (!KnownType(type)) {
    return MakeError(ErrorCode::kIntegrity,
                     "unknown message type " + std::to_string(type) + " on the enclave channel");
  }
  Frame f;
  f.type = static_cast<MessageType>(type);
  f.body.resize(len - 1);
  if (len > 1) {
    CR_ASSIGN_OR_RETURN(more, ReadAll(fd, f.body.data(), f.body.size()));
    if (!more) return MakeError(ErrorCode::kIntegrity, "enclave channel closed in a frame");
  }
  return f;
}

Bytes EncodeError(const Error& error) {
  Json j = {{"code", ErrorCodeName(error.code)}, {"message", error.message}};
  // A message may quote bytes that are not UTF-8 (JSON the peer sent): dump() would throw.
  return ToBytes(j.dump(-1, ' ', false, Json::error_handler_t::replace));
}

Error DecodeError(ByteView body) {
  auto j = ParseJsonObject(AsChars(body), "enclave error", ErrorCode::kIntegrity);
  JsonReader rd("enclave error", ErrorCode::kIntegrity);
  if (!j.ok()) return MakeError(ErrorCode::kIntegrity, "malformed error from the enclave");
  auto name_field = rd.String(*j, "", "code");
  auto message_field = rd.String(*j, "", "message");
  if (!name_field.ok() || !message_field.ok()) {
    return MakeError(ErrorCode::kIntegrity, "malformed error from the enclave");
  }
  const std::string& name = *name_field;
  ErrorCode code = ErrorCode::kInternal;
  for (ErrorCode c : {ErrorCode::kInternal, ErrorCode::kIo, ErrorCode::kUsage, ErrorCode::kRejected,
                      ErrorCode::kPrivacy, ErrorCode::kIntegrity, ErrorCode::kBadInput}) {
    if (name == ErrorCodeName(c)) code = c;
  }
  const std::string& message = *message_field;
  if (message.empty()) return MakeError(ErrorCode::kIntegrity, "malformed error from the enclave");
  return MakeError(code, OneLineText(message));
}

}  // namespace cleanroom

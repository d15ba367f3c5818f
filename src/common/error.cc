#include "common/error.h"

namespace cleanroom {

int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInternal:
    case ErrorCode::kIo:
      return 1;
    case ErrorCode::kUsage:
      return 2;
    case ErrorCode::kRejected:
      return 3;
    case ErrorCode::kPrivacy:
      return 4;
    case ErrorCode::kIntegrity:
      return 5;
    case ErrorCode::kBadInput:
      return 6;
  }
  return 1;
}

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInternal:
      return "internal";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kUsage:
      return "usage";
    case ErrorCode::kRejected:
      return "rejected";
    case ErrorCode::kPrivacy:
      return "privacy";
    case ErrorCode::kIntegrity:
      return "integrity";
    case ErrorCode::kBadInput:
      return "bad_input";
  }
  return "internal";
}

std::string OneLineText(std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace cleanroom

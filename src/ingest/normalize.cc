#include "ingest/normalize.h"

#include <array>
#include <cstdint>

namespace cleanroom {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// How NormalizeEmail treats each byte. Forbidden: what never appears in an address we
// accept (outside quoted local parts, which we do not accept): controls, space, and the
// specials of RFC 5322 other than '.' and '@'.
enum EmailByte : uint8_t { kKeep = 0, kUpper = 1, kForbidden = 2, kAt = 3 };

constexpr std::array<uint8_t, 256> MakeEmailTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c <= 0x20; ++c) t[c] = kForbidden;
  t[0x7f] = kForbidden;
  for (char c : std::string_view("()<>[],;:\\\"")) t[static_cast<unsigned char>(c)] = kForbidden;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kUpper;
  t['@'] = kAt;
  return t;
}
constexpr std::array<uint8_t, 256> kEmailTable = MakeEmailTable();

std::string_view NormalizeEmail(std::string_view raw, std::string& out) {
  std::string_view s = Trim(raw);
  if (s.empty()) return kRejectEmpty;
  out.resize(s.size());
  char* o = out.data();
  size_t at = std::string::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (kEmailTable[static_cast<unsigned char>(c)]) {
      case kKeep:
        o[i] = c;
        break;
      case kUpper:
        o[i] = static_cast<char>(c - 'A' + 'a');
        break;
      case kAt:
        if (at != std::string::npos) return kRejectNotEmail;  // two '@'
        at = i;
        o[i] = c;
        break;
      default:
        return kRejectNotEmail;
    }
  }
  if (at == std::string::npos || at == 0 || at > 64) return kRejectNotEmail;
  std::string_view local(out.data(), at);
  std::string_view domain(out.data() + at + 1, out.size() - at - 1);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return kRejectNotEmail;
  }
  if (domain.empty() || domain.size() > 253 || domain.front() == '.' || domain.back() == '.' ||
      domain.front() == '-' || domain.find('.') == std::string_view::npos ||
      domain.find("..") != std::string_view::npos) {
    return kRejectNotEmail;
  }
  return {};
}

std::string_view NormalizePhone(std::string_view raw, std::string& out) {
  std::string_view s = Trim(raw);
  if (s.empty()) return kRejectEmpty;
  bool international = false;
  if (s.front() == '+') {
    international = true;
    s.remove_prefix(1);
  }
  std::string digits;
  digits.reserve(16);
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/') {
      continue;
    } else {
      return kRejectNotPhone;  // letters (an extension "x12"), a second '+', ...
    }
    if (digits.size() > 17) return kRejectNotPhone;
  }
  if (digits.empty()) return international ? kRejectNotPhone : kRejectEmpty;
  if (!international && digits.size() > 2 && digits[0] == '0' && digits[1] == '0') {
    international = true;
    digits.erase(0, 2);
  }
  if (!international) {
    // The default-country rule: a national number is North American (NANP, +1).
    if (digits.size() == 10 && digits[0] >= '2') {
      digits.insert(0, "1");
    } else if (digits.size() == 11 && digits[0] == '1' && digits[1] >= '2') {
      // already has the country code 1
    } else {
      return kRejectNotPhone;
    }
  }
  if (digits[0] == '0' || digits.size() < 7 || digits.size() > 15) return kRejectNotPhone;
  out.assign("+");
  out.append(digits);
  return {};
}

}  // namespace

std::string_view NormalizeIdentifierInto(Normalizer n, std::string_view raw, std::string& out) {
  switch (n) {
    case Normalizer::kEmail:
      return NormalizeEmail(raw, out);
    case Normalizer::kPhone:
      return NormalizePhone(raw, out);
    case Normalizer::kNone:
      break;
  }
  if (raw.empty()) return kRejectEmpty;
  out.assign(raw);
  return {};
}

Result<std::string> NormalizeIdentifier(Normalizer n, std::string_view raw) {
  std::string out;
  std::string_view reason = NormalizeIdentifierInto(n, raw, out);
  if (!reason.empty()) return MakeError(ErrorCode::kBadInput, std::string(reason));
  return out;
}

}  // namespace cleanroom

#include "common/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

namespace cleanroom {
namespace {

// UTF-8 (as nlohmann keeps it) to UTF-16 code units, for RFC 8785 member ordering.
std::u16string ToUtf16(const std::string& s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    size_t len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c >> 5) == 6) {
      cp = c & 0x1f;
      len = 2;
    } else if ((c >> 4) == 14) {
      cp = c & 0x0f;
      len = 3;
    } else {
      cp = c & 0x07;
      len = 4;
    }
    for (size_t j = 1; j < len && i + j < s.size(); ++j) {
      cp = cp << 6 | (static_cast<unsigned char>(s[i + j]) & 0x3f);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xd800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xdc00 + (cp & 0x3ff)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

void AppendString(std::string& out, const std::string& s) {
  out.push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

Status Append(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      out += "null";
      return Ok();
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return Ok();
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: {
      double d = v.get<double>();
      if (!std::isfinite(d)) {
        return MakeError(ErrorCode::kBadInput, "JSON holds a number that is not finite");
      }
      out += EcmaScriptNumber(d);
      return Ok();
    }
    case Json::value_t::string:
      AppendString(out, v.get_ref<const std::string&>());
      return Ok();
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const Json& e : v) {
        if (!first) out.push_back(',');
        first = false;
        CR_RETURN_IF_ERROR(Append(out, e));
      }
      out.push_back(']');
      return Ok();
    }
    case Json::value_t::object: {
      std::vector<std::pair<std::u16string, Json::const_iterator>> members;
      for (auto it = v.begin(); it != v.end(); ++it) members.emplace_back(ToUtf16(it.key()), it);
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& [key16, it] : members) {
        if (!first) out.push_back(',');
        first = false;
        AppendString(out, it.key());
        out.push_back(':');
        CR_RETURN_IF_ERROR(Append(out, it.value()));
      }
      out.push_back('}');
      return Ok();
    }
    default:
      return MakeError(ErrorCode::kBadInput, "JSON holds a value JCS cannot represent");
  }
}

}  // namespace

std::string EcmaScriptNumber(double value) {
  if (value == 0) return "0";  // also -0
  std::string out;
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  // Shortest round-trip digits, as "d.ddde+XX".
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  size_t e = sci.find('e');
  std::string digits;
  for (size_t i = 0; i < e; ++i) {
    if (sci[i] != '.') digits.push_back(sci[i]);
  }
  int exp10 = std::stoi(sci.substr(e + 1));
  int k = static_cast<int>(digits.size());
  int n = exp10 + 1;  // value = 0.digits * 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n));
    out.push_back('.');
    out += digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out += digits.substr(1);
    }
    out.push_back('e');
    out.push_back(n - 1 >= 0 ? '+' : '-');
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

Result<std::string> CanonicalJson(const Json& value) {
  std::string out;
  CR_RETURN_IF_ERROR(Append(out, value));
  return out;
}

}  // namespace cleanroom

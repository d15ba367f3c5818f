#include "sql/values.h"

#include "common/civil_date.h"

#include <cstdio>

namespace cleanroom::sql {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<int64_t> ParseDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  if (!AllDigits(t.substr(0, 4)) || !AllDigits(t.substr(5, 2)) || !AllDigits(t.substr(8, 2))) {
    return std::nullopt;
  }
  int64_t y = std::stoll(std::string(t.substr(0, 4)));
  unsigned m = static_cast<unsigned>(std::stoi(std::string(t.substr(5, 2))));
  unsigned d = static_cast<unsigned>(std::stoi(std::string(t.substr(8, 2))));
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  unsigned max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  if (d > max) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

std::string FormatDate(int64_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::optional<int64_t> ParseFixed(std::string_view s) {
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return std::nullopt;
  if ((!whole.empty() && !AllDigits(whole)) || (!frac.empty() && !AllDigits(frac))) {
    return std::nullopt;
  }
  if (frac.size() > 4 || whole.size() > 14) return std::nullopt;
  int64_t w = whole.empty() ? 0 : std::stoll(std::string(whole));
  int64_t f = 0;
  for (size_t i = 0; i < 4; ++i) f = f * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  return w * kDecimalScale + f;
}

std::string FormatFixed(int64_t v) {
  bool neg = v < 0;
  uint64_t a = neg ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string out;
  if (neg) out += '-';
  out += std::to_string(a / kDecimalScale);
  uint64_t f = a % kDecimalScale;
  if (f != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04llu", static_cast<unsigned long long>(f));
    size_t len = 4;
    while (len > 0 && buf[len - 1] == '0') --len;
    out += '.';
    out.append(buf, len);
  }
  return out;
}

}  // namespace cleanroom::sql

#include "ingest/value_parser.h"

#include "common/civil_date.h"

#include "storage/column_vector.h"

namespace cleanroom {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

}  // namespace

bool IsBlank(std::string_view text) { return Trim(text).empty(); }

std::string_view ParseIntValue(std::string_view text, int64_t& out) {
  std::string_view s = Trim(text);
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return "is not an integer";
  // Accumulate negatively so that INT64_MIN parses.
  int64_t v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return "is not an integer";
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_sub_overflow(v, c - '0', &v)) {
      return "is out of range for a 64-bit integer";
    }
  }
  if (!neg) {
    if (v == INT64_MIN) return "is out of range for a 64-bit integer";
    v = -v;
  }
  out = v;
  return {};
}

std::string_view ParseDecimalValue(std::string_view text, int64_t& out) {
  constexpr std::string_view kNotDecimal = "is not a decimal (expected e.g. 75.50 or $75.50)";
  std::string_view s = Trim(text);
  bool neg = false, sign = false, dollar = false;
  for (int i = 0; i < 2 && !s.empty(); ++i) {  // "-$5", "$-5", "+5"
    if ((s[0] == '-' || s[0] == '+') && !sign) {
      sign = true;
      neg = s[0] == '-';
      s.remove_prefix(1);
    } else if (s[0] == '$' && !dollar) {
      dollar = true;
      s.remove_prefix(1);
    }
  }
  int64_t whole = 0, frac = 0;
  int frac_digits = 0;
  bool any_digit = false, point = false;
  for (char c : s) {
    if (c == '.' && !point) {
      point = true;
    } else if (!IsDigit(c)) {
      return kNotDecimal;
    } else if (!point) {
      any_digit = true;
      if (__builtin_mul_overflow(whole, 10, &whole) ||
          __builtin_add_overflow(whole, c - '0', &whole)) {
        return "is out of range for a decimal";
      }
    } else {
      any_digit = true;
      if (frac_digits < kDecimalDigits) {
        frac = frac * 10 + (c - '0');
        ++frac_digits;
      } else if (c != '0') {
        return "has more than 4 decimal places";
      }
    }
  }
  if (!any_digit) return kNotDecimal;
  for (; frac_digits < kDecimalDigits; ++frac_digits) frac *= 10;
  int64_t v;
  if (__builtin_mul_overflow(whole, kDecimalScale, &v) || __builtin_add_overflow(v, frac, &v)) {
    return "is out of range for a decimal";
  }
  out = neg ? -v : v;
  return {};
}

std::string_view ParseDateValue(std::string_view text, int64_t& out) {
  std::string_view s = Trim(text);
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return "is not a date (expected YYYY-MM-DD)";
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(s[i])) return "is not a date (expected YYYY-MM-DD)";
  }
  int64_t y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  unsigned m = static_cast<unsigned>((s[5] - '0') * 10 + (s[6] - '0'));
  unsigned d = static_cast<unsigned>((s[8] - '0') * 10 + (s[9] - '0'));
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y == 0 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) {
    return "is not a calendar date";
  }
  out = DaysFromCivil(y, m, d);
  return {};
}

std::string_view ParseBoolValue(std::string_view text, int64_t& out) {
  std::string_view s = Trim(text);
  for (std::string_view t : {"true", "t", "yes", "y", "1"}) {
    if (EqualsIgnoreCase(s, t)) {
      out = 1;
      return {};
    }
  }
  for (std::string_view f : {"false", "f", "no", "n", "0"}) {
    if (EqualsIgnoreCase(s, f)) {
      out = 0;
      return {};
    }
  }
  return "is not a bool (expected true or false, yes or no, 1 or 0)";
}

}  // namespace cleanroom

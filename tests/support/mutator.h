// Deterministic mutation of valid inputs, for the parsers' robustness tests (the stand-in for
// fuzz targets: they run under plain GoogleTest, so also in the ASan + UBSan build). A Mutator
// is seeded once; the same seed gives the same mutations on every run and machine. The checks
// below say what every parser of untrusted input promises: an error is one of its documented
// codes, with a message that is not empty and is one line.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/splitmix64.h"

namespace cleanroom::mutation {

class Mutator {
 public:
  // `dictionary`: tokens of the input's language (keywords, punctuation) worth inserting.
  Mutator(uint64_t seed, std::vector<std::string> dictionary)
      : rng_(seed), dictionary_(std::move(dictionary)) {}

  // One to three stacked mutations of `s`; `other` is a second valid input to splice with.
  std::string Mutate(std::string s, const std::string& other) {
    int rounds = 1 + static_cast<int>(rng_.Below(3));
    for (int i = 0; i < rounds; ++i) s = MutateOnce(std::move(s), other);
    return s;
  }

  uint64_t Below(uint64_t n) { return rng_.Below(n); }

 private:
  std::string MutateOnce(std::string s, const std::string& other) {
    size_t n = s.size();
    switch (rng_.Below(12)) {
      case 0:  // flip one bit
        if (n > 0) s[Pos(n)] ^= static_cast<char>(1u << rng_.Below(8));
        return s;
      case 1:  // set one byte to anything
        if (n > 0) s[Pos(n)] = static_cast<char>(rng_.Below(256));
        return s;
      case 2: {  // insert random bytes
        std::string ins;
        for (uint64_t k = 1 + rng_.Below(4); k > 0; --k) ins += static_cast<char>(rng_.Below(256));
        return s.insert(Pos(n + 1), ins);
      }
      case 3:  // delete a range
        if (n > 0) {
          size_t at = Pos(n);
          s.erase(at, 1 + rng_.Below(std::min<size_t>(16, n - at)));
        }
        return s;
      case 4:  // truncate
        s.resize(Pos(n + 1));
        return s;
      case 5: {  // duplicate a slice somewhere else
        if (n == 0) return s;
        size_t a = Pos(n), len = 1 + rng_.Below(std::min<size_t>(32, n - a));
        std::string slice = s.substr(a, len);
        return s.insert(Pos(n + 1), slice);
      }
      case 6: {  // splice: a prefix of this input, a suffix of the other
        size_t a = Pos(n + 1), b = Pos(other.size() + 1);
        return s.substr(0, a) + other.substr(b);
      }
      case 7:  // replace a number with an extreme
        return ReplaceNumber(std::move(s));
      case 8:
      case 9:  // insert a token of the language
        if (dictionary_.empty()) return s;
        return s.insert(Pos(n + 1), dictionary_[rng_.Below(dictionary_.size())]);
      case 10:  // insert an awkward byte sequence
        return s.insert(Pos(n + 1), Awkward());
      default: {  // repeat a byte of the input many times (nesting, long tokens)
        if (n == 0) return s;
        char c = s[Pos(n)];
        return s.insert(Pos(n + 1), std::string(1 + rng_.Below(300), c));
      }
    }
  }

  size_t Pos(size_t n) { return static_cast<size_t>(rng_.Below(n)); }

  std::string ReplaceNumber(std::string s) {
    std::vector<std::pair<size_t, size_t>> numbers;  // [begin, end) of digit runs
    for (size_t i = 0; i < s.size();) {
      if (s[i] >= '0' && s[i] <= '9') {
        size_t j = i;
        while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.')) ++j;
        numbers.emplace_back(i, j);
        i = j;
      } else {
        ++i;
      }
    }
    static const char* const kExtremes[] = {"-0",
                                            "0",
                                            "1e999",
                                            "-1e999",
                                            "1e-999",
                                            "99999999999999999999999999999999",
                                            "9223372036854775807",
                                            "9223372036854775808",
                                            "-9223372036854775808",
                                            "18446744073709551615",
                                            "18446744073709551616",
                                            "1.7976931348623157e308",
                                            "4.9e-324",
                                            "0.00000000000000000000001",
                                            "123456789012.12345",
                                            "NaN",
                                            "-Infinity",
                                            "0x10",
                                            "00001"};
    std::string x = kExtremes[rng_.Below(std::size(kExtremes))];
    if (numbers.empty()) return s.insert(Pos(s.size() + 1), x);
    auto [a, b] = numbers[rng_.Below(numbers.size())];
    return s.replace(a, b - a, x);
  }

  std::string Awkward() {
    switch (rng_.Below(12)) {
      case 0:
        return std::string(1, '\0');
      case 1:
        return "\xff";
      case 2:
        return "\xc3\x28";  // a lead byte without its continuation
      case 3:
        return "\xed\xa0\x80";  // an encoded UTF-16 surrogate
      case 4:
        return "\xf4\x90\x80\x80";  // above U+10FFFF
      case 5:
        return "\n";
      case 6:
        return "\r\n\t\x1b[31m";
      case 7:
        return std::string(5000, 'a');
      case 8:
        return "\\u0000";
      case 9:
        return "\\ud800";
      case 10:
        return "\xc3\xa9";  // é, valid
      default:
        return "\x7f";
    }
  }

  SplitMix64 rng_;
  std::vector<std::string> dictionary_;
};

// `s` with bytes outside printable ASCII as \xNN, cut at 300 characters: for failure output.
inline std::string Printable(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (char ch : s.substr(0, 300)) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += ch;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (s.size() > 300) out += "... (" + std::to_string(s.size()) + " bytes)";
  return out;
}

// Empty when `e` keeps the Error contract for a parser whose documented codes are `codes`;
// otherwise what is wrong with it.
inline std::string ErrorProblem(const Error& e, std::initializer_list<ErrorCode> codes) {
  if (std::find(codes.begin(), codes.end(), e.code) == codes.end()) {
    return std::string("undocumented error code ") + ErrorCodeName(e.code) + ": " + e.message;
  }
  if (e.message.empty()) return "empty error message";
  if (e.message.find('\n') != std::string::npos || e.message.find('\r') != std::string::npos) {
    return "multi-line error message: " + Printable(e.message);
  }
  return "";
}

}  // namespace cleanroom::mutation

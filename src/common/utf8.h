// UTF-8 checks shared by every reader of text from outside (CSV files, SQL queries):
// well-formed means RFC 3629 — no overlong forms, no surrogates, nothing above U+10FFFF.
#pragma once

#include <cstddef>
#include <string_view>

namespace cleanroom {

// Length of the well-formed UTF-8 sequence starting at s[i] (i < s.size()), or 0.
size_t Utf8SequenceLength(std::string_view s, size_t i);

// True when no byte of `s` has its high bit set (a fast path: ASCII is valid UTF-8).
bool IsAscii(std::string_view s);

// True when `s` is well-formed UTF-8; otherwise, when `bad_at` is given, it receives the
// offset of the first byte that does not start a well-formed sequence.
bool IsValidUtf8(std::string_view s, size_t* bad_at = nullptr);

}  // namespace cleanroom

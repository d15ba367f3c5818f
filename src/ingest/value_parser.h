// Typed values from CSV text, as docs/policy.md defines the column types: int (64-bit),
// decimal (fixed point, kDecimalScale; "75.50", "$75.50", "-$5", "1e3" is not accepted),
// date (YYYY-MM-DD, a real calendar date, as days since 1970-01-01), bool (true/false,
// t/f, yes/no, y/n, 1/0, any case). Surrounding spaces and tabs are ignored. Each parser
// returns an empty reason on success, else what is wrong with the text ("is not a date
// (expected YYYY-MM-DD)"), for the caller to prefix with the file position. No allocation.
#pragma once

#include <cstdint>
#include <string_view>

namespace cleanroom {

std::string_view ParseIntValue(std::string_view text, int64_t& out);
std::string_view ParseDecimalValue(std::string_view text, int64_t& out);
std::string_view ParseDateValue(std::string_view text, int64_t& out);
std::string_view ParseBoolValue(std::string_view text, int64_t& out);

// Blank: empty or only spaces and tabs (such a value is NULL for non-string columns).
bool IsBlank(std::string_view text);

}  // namespace cleanroom

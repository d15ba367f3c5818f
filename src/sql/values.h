// Literal values of the SQL as the engine holds them: dates as days since 1970-01-01,
// decimals as fixed point with four digits (kDecimalScale, policy/policy.h) (75.50 -> 755000).
// Exact and locale-free in both directions; every parse rejects what it cannot represent exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "policy/policy.h"

namespace cleanroom::sql {

// "2025-10-12" -> days since the epoch; nullopt unless a real calendar date YYYY-MM-DD.
std::optional<int64_t> ParseDate(std::string_view text);
std::string FormatDate(int64_t days);

// "12", "12.5", "0.0001" -> fixed point; nullopt for more than four decimals or overflow.
std::optional<int64_t> ParseFixed(std::string_view digits);
// 755000 -> "75.5"; whole numbers without a point ("100").
std::string FormatFixed(int64_t fixed);

}  // namespace cleanroom::sql

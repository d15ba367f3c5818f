// Identifier normalisation: turns a raw identifier as a party's CSV holds it into the one
// canonical form that is fingerprinted, so that " Alice@Email.COM " at one party and
// "alice@email.com" at the other match. Every party (and PSI) runs this same function, so
// the rules are the join's contract: changing them breaks matching between versions.
// Pure, stateless, thread-safe. docs/normalisation.md states the rules and why.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"
#include "policy/policy.h"

namespace cleanroom {

// Reasons an identifier gets no fingerprint (the error message of NormalizeIdentifier).
inline constexpr std::string_view kRejectEmpty = "empty";
inline constexpr std::string_view kRejectNotEmail = "not an email address";
inline constexpr std::string_view kRejectNotPhone = "not a phone number";

// The canonical form of `raw` under `n`, or kBadInput whose message is exactly the reason
// ("empty", "not an email address", "not a phone number").
//   email: trim ASCII whitespace, lower-case ASCII letters, then require one '@' with a
//          non-empty local part and a dotted domain, no spaces or control characters.
//   phone: E.164, "+" then 7 to 15 digits; separators " -.()/" are dropped; "00" is read
//          as "+"; a number without a country code is North American (+1) when it has 10
//          digits, or 11 starting with 1; otherwise it is rejected.
//   none:  the value exactly as written; only an empty value is rejected.
Result<std::string> NormalizeIdentifier(Normalizer n, std::string_view raw);

// The same, writing into `out` (reused by the caller: no allocation per row on the hot
// path). Returns the empty view on success, else the reason.
std::string_view NormalizeIdentifierInto(Normalizer n, std::string_view raw, std::string& out);

}  // namespace cleanroom

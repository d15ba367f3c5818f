// RFC 8785 JSON Canonicalization Scheme (JCS): the byte string that a policy, a result or
// an audit entry is hashed and signed over. Object members are sorted by their UTF-16 code
// units, strings use the minimal escapes, numbers use the ECMAScript shortest form
// (so 1e2, 100.0 and 100 all serialise as 100), and there is no whitespace.
#pragma once

#include <cstdint>
#include <string>

#include "common/error.h"
#include "common/json_util.h"

namespace cleanroom {

// The largest integer magnitude JCS writes exactly (2^53 - 1): numbers are IEEE doubles, so
// above it two different integers can share a canonical form, and so a hash. Readers of
// hashed documents (policies, plans) refuse larger integers.
inline constexpr int64_t kMaxExactJsonInteger = (int64_t{1} << 53) - 1;

// kBadInput when the document holds a number JCS cannot represent (NaN, infinity).
Result<std::string> CanonicalJson(const Json& value);

// The ECMAScript Number.prototype.toString form of a finite double (exposed for tests).
std::string EcmaScriptNumber(double value);

}  // namespace cleanroom

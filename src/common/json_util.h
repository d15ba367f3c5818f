// JSON parsing with errors a person can act on (file, line, column, what was expected),
// and typed field access that names the JSON path of whatever is wrong.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/error.h"

namespace cleanroom {

using Json = nlohmann::json;

// Objects and arrays nest at most this deep in any document we read: our own documents nest
// less than ten levels, and code that walks a document (canonical form, dump, comparison)
// recurses once per level.
inline constexpr size_t kMaxJsonDepth = 64;

struct JsonParseOptions {
  ErrorCode code = ErrorCode::kBadInput;
  size_t max_depth = kMaxJsonDepth;
  // The line of the source on which `text` starts (an audit log parses one line at a time).
  size_t first_line = 1;
};

// The one JSON parser of the project. Strict: besides RFC 8259 syntax it refuses a key
// repeated within one object (what a signer reads and what the code enforces must be one
// thing; nlohmann would keep the last) and nesting deeper than `max_depth`. On failure a `code`
// error "SOURCE:LINE:COL: ...", or "SOURCE: ..." for a number too large for a double.
Result<Json> ParseJson(std::string_view text, const std::string& source,
                       const JsonParseOptions& options);
Result<Json> ParseJson(std::string_view text, const std::string& source,
                       ErrorCode code = ErrorCode::kBadInput);
// Reads and parses a file (kIo when unreadable).
Result<Json> ParseJsonFile(const std::string& path, ErrorCode code = ErrorCode::kBadInput);
// Parses `text` and checks that it is an object ("SOURCE: expected a JSON object, found ...").
Result<Json> ParseJsonObject(std::string_view text, const std::string& source,
                             ErrorCode code = ErrorCode::kBadInput);

// "a string", "an object", ... for messages.
const char* JsonTypeName(const Json& j);

// Typed access with path-naming errors, e.g. "policy.json: datasets.purchases.owner: expected a
// string". `path` is the JSON path of `parent`; `key` is appended to it. Messages are one line:
// control characters from the document are written as \xNN.
class JsonReader {
 public:
  JsonReader(std::string source, ErrorCode code) : source_(std::move(source)), code_(code) {}

  Error Fail(const std::string& path, const std::string& what) const;

  Result<const Json*> Object(const Json& parent, const std::string& path,
                             const std::string& key) const;
  Result<std::string> String(const Json& parent, const std::string& path,
                             const std::string& key) const;
  Result<double> Number(const Json& parent, const std::string& path, const std::string& key) const;
  Result<int64_t> Integer(const Json& parent, const std::string& path,
                          const std::string& key) const;
  Result<bool> Bool(const Json& parent, const std::string& path, const std::string& key) const;
  // An integer in [0, 2^63).
  Result<uint64_t> Index(const Json& parent, const std::string& path, const std::string& key) const;
  // Fails unless `j` is an object (`path` names it).
  Status IsObject(const Json& j, const std::string& path) const;
  // Fails when `obj` has a key outside `allowed` (catches typos such as "bound").
  Status OnlyKeys(const Json& obj, const std::string& path,
                  std::initializer_list<std::string_view> allowed) const;

 private:
  std::string source_;
  ErrorCode code_;
};

// "a.b" joined with "c" -> "a.b.c"; with an empty path just "c".
std::string JoinPath(const std::string& path, const std::string& key);

}  // namespace cleanroom

// JSON parsing with errors a person can act on (file, line, column, what was expected),
// and typed field access that names the JSON path of whatever is wrong.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/error.h"

namespace cleanroom {

using Json = nlohmann::json;

// Parses `text`; on failure a `code` error "SOURCE:LINE:COL: ..." (kBadInput by default), or
// "SOURCE: ..." for a number too large for a double.
Result<Json> ParseJson(std::string_view text, const std::string& source,
                       ErrorCode code = ErrorCode::kBadInput);
// Reads and parses a file (kIo when unreadable).
Result<Json> ParseJsonFile(const std::string& path, ErrorCode code = ErrorCode::kBadInput);

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

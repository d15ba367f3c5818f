#include "common/json_util.h"

#include <cmath>

#include "common/file_io.h"

namespace cleanroom {
namespace {

// 1-based line and column of byte `offset` in `text`.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

const char* TypeName(const Json& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  return "an object";
}

}  // namespace

std::string JoinPath(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

Result<Json> ParseJson(std::string_view text, const std::string& source, ErrorCode code) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // nlohmann's byte is 1-based and points just past the offending character.
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    auto [line, col] = LineColumn(text, offset);
    std::string what = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
    if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
    return MakeError(code, source + ":" + std::to_string(line) + ":" + std::to_string(col) +
                               ": invalid JSON: " + what);
  } catch (const Json::exception& e) {
    // A number too large for a double (1e999) is out_of_range, and comes without a position.
    std::string what = e.what();
    if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    return MakeError(code, source + ": invalid JSON: " + what);
  }
}

Result<Json> ParseJsonFile(const std::string& path, ErrorCode code) {
  CR_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  return ParseJson(text, path, code);
}

Error JsonReader::Fail(const std::string& path, const std::string& what) const {
  return MakeError(
      code_, OneLineText(source_ + ": " + (path.empty() ? "(top level)" : path) + ": " + what));
}

Result<const Json*> JsonReader::Object(const Json& parent, const std::string& path,
                                       const std::string& key) const {
  std::string p = JoinPath(path, key);
  if (!parent.contains(key)) return Fail(p, "missing; expected an object");
  const Json& v = parent.at(key);
  if (!v.is_object()) return Fail(p, std::string("expected an object, found ") + TypeName(v));
  return &v;
}

Result<std::string> JsonReader::String(const Json& parent, const std::string& path,
                                       const std::string& key) const {
  std::string p = JoinPath(path, key);
  if (!parent.contains(key)) return Fail(p, "missing; expected a string");
  const Json& v = parent.at(key);
  if (!v.is_string()) return Fail(p, std::string("expected a string, found ") + TypeName(v));
  return v.get<std::string>();
}

Result<double> JsonReader::Number(const Json& parent, const std::string& path,
                                  const std::string& key) const {
  std::string p = JoinPath(path, key);
  if (!parent.contains(key)) return Fail(p, "missing; expected a number");
  const Json& v = parent.at(key);
  if (!v.is_number()) return Fail(p, std::string("expected a number, found ") + TypeName(v));
  double d = v.get<double>();
  if (!std::isfinite(d)) return Fail(p, "expected a finite number");
  return d;
}

Result<int64_t> JsonReader::Integer(const Json& parent, const std::string& path,
                                    const std::string& key) const {
  std::string p = JoinPath(path, key);
  if (!parent.contains(key)) return Fail(p, "missing; expected an integer");
  const Json& v = parent.at(key);
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
      return static_cast<int64_t>(d);
    }
  }
  return Fail(p, std::string("expected an integer, found ") + TypeName(v));
}

Result<bool> JsonReader::Bool(const Json& parent, const std::string& path,
                              const std::string& key) const {
  std::string p = JoinPath(path, key);
  if (!parent.contains(key)) return Fail(p, "missing; expected true or false");
  const Json& v = parent.at(key);
  if (!v.is_boolean()) return Fail(p, std::string("expected true or false, found ") + TypeName(v));
  return v.get<bool>();
}

Status JsonReader::OnlyKeys(const Json& obj, const std::string& path,
                            std::initializer_list<std::string_view> allowed) const {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == it.key();
    if (!known) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return Fail(JoinPath(path, it.key()), "unknown field; expected one of: " + list);
    }
  }
  return Ok();
}

}  // namespace cleanroom

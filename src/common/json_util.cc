#include "common/json_util.h"

#include <cmath>
#include <optional>
#include <set>
#include <vector>

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

// Walks a document that nlohmann has already accepted, for what its parser lets through: a
// key repeated within one object, and nesting deeper than the limit. Byte offsets give the
// position of the offence.
class StrictnessCheck {
 public:
  StrictnessCheck(std::string_view text, size_t max_depth) : text_(text), max_depth_(max_depth) {}

  // The offset and message of the first offence, if any.
  std::optional<std::pair<size_t, std::string>> Run() {
    for (size_t i = 0; i < text_.size(); ++i) {
      char c = text_[i];
      if (c == '{' || c == '[') {
        if (open_.size() >= max_depth_) {
          return std::pair{i, "nested deeper than " + std::to_string(max_depth_) + " levels"};
        }
        open_.push_back(Level{c == '{', c == '{', {}});
      } else if (c == '}' || c == ']') {
        if (!open_.empty()) open_.pop_back();
      } else if (c == ',') {
        if (!open_.empty() && open_.back().object) open_.back().expecting_key = true;
      } else if (c == '"') {
        size_t end = StringEnd(i);
        if (!open_.empty() && open_.back().expecting_key) {
          open_.back().expecting_key = false;
          std::string key = Decode(text_.substr(i, end - i));
          if (!open_.back().keys.insert(key).second) {
            return std::pair{i, "duplicate key \"" + key + "\""};
          }
        }
        i = end - 1;
      }
    }
    return std::nullopt;
  }

 private:
  struct Level {
    bool object;
    bool expecting_key;
    std::set<std::string> keys;
  };

  // One past the closing quote of the string token starting at `start`.
  size_t StringEnd(size_t start) const {
    size_t i = start + 1;
    while (i < text_.size() && text_[i] != '"') i += text_[i] == '\\' ? 2 : 1;
    return std::min(i + 1, text_.size());
  }

  // A string token as the key it names ("\u0061" and "a" are the same key).
  static std::string Decode(std::string_view token) {
    if (token.find('\\') == std::string_view::npos) {
      return std::string(token.substr(1, token.size() - 2));
    }
    // The full parse has accepted the text, so the token is a valid string; should it not
    // be, the raw token still tells keys apart.
    Json key = Json::parse(token, nullptr, /*allow_exceptions=*/false);
    return key.is_string() ? key.get<std::string>() : std::string(token);
  }

  std::string_view text_;
  size_t max_depth_;
  std::vector<Level> open_;
};

}  // namespace

const char* JsonTypeName(const Json& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  return "an object";
}

std::string JoinPath(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

Result<Json> ParseJson(std::string_view text, const std::string& source,
                       const JsonParseOptions& options) {
  auto at = [&](size_t offset, const std::string& what) {
    auto [line, col] = LineColumn(text, offset);
    return MakeError(options.code,
                     OneLineText(source + ":" + std::to_string(line + options.first_line - 1) +
                                 ":" + std::to_string(col) + ": " + what));
  };
  // nlohmann stops at a NUL byte as at the end of the input, so "{...}\0anything" would
  // parse as its first part. A NUL is never valid JSON text (inside a string it must be
  // escaped), so it is refused wherever it is.
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return at(nul, "invalid JSON: a NUL byte (JSON text cannot contain one)");
  }
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // nlohmann's byte is 1-based and points just past the offending character.
    std::string what = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
    if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
    return at(e.byte > 0 ? e.byte - 1 : 0, "invalid JSON: " + what);
  } catch (const Json::exception& e) {
    // A number too large for a double (1e999) is out_of_range, and comes without a position.
    std::string what = e.what();
    if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    return MakeError(options.code, OneLineText(source + ": invalid JSON: " + what));
  }
  if (auto offence = StrictnessCheck(text, options.max_depth).Run()) {
    return at(offence->first, offence->second);
  }
  return doc;
}

Result<Json> ParseJson(std::string_view text, const std::string& source, ErrorCode code) {
  return ParseJson(text, source, JsonParseOptions{.code = code});
}

Result<Json> ParseJsonObject(std::string_view text, const std::string& source, ErrorCode code) {
  CR_ASSIGN_OR_RETURN(Json doc, ParseJson(text, source, code));
  if (!doc.is_object()) {
    return MakeError(code, source + ": expected a JSON object, found " + JsonTypeName(doc));
  }
  return doc;
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
  if (!v.is_object()) return Fail(p, std::string("expected an object, found ") + JsonTypeName(v));
  return &v;
}

Result<std::string> JsonReader::String(const Json& parent, const std::string& path,
                                       const std::string& key) const {
  std::string p = JoinPath(path, key);
  if (!parent.contains(key)) return Fail(p, "missing; expected a string");
  const Json& v = parent.at(key);
  if (!v.is_string()) return Fail(p, std::string("expected a string, found ") + JsonTypeName(v));
  return v.get<std::string>();
}

Result<double> JsonReader::Number(const Json& parent, const std::string& path,
                                  const std::string& key) const {
  std::string p = JoinPath(path, key);
  if (!parent.contains(key)) return Fail(p, "missing; expected a number");
  const Json& v = parent.at(key);
  if (!v.is_number()) return Fail(p, std::string("expected a number, found ") + JsonTypeName(v));
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
  return Fail(p, std::string("expected an integer, found ") + JsonTypeName(v));
}

Result<bool> JsonReader::Bool(const Json& parent, const std::string& path,
                              const std::string& key) const {
  std::string p = JoinPath(path, key);
  if (!parent.contains(key)) return Fail(p, "missing; expected true or false");
  const Json& v = parent.at(key);
  if (!v.is_boolean())
    return Fail(p, std::string("expected true or false, found ") + JsonTypeName(v));
  return v.get<bool>();
}

Result<uint64_t> JsonReader::Index(const Json& parent, const std::string& path,
                                   const std::string& key) const {
  std::string p = JoinPath(path, key);
  if (!parent.contains(key)) return Fail(p, "missing; expected an integer >= 0");
  const Json& v = parent.at(key);
  if (v.is_number_unsigned() && v.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX)) {
    return v.get<uint64_t>();
  }
  if (v.is_number_integer() && v.get<int64_t>() >= 0)
    return static_cast<uint64_t>(v.get<int64_t>());
  return Fail(p, std::string("expected an integer >= 0, found ") +
                     (v.is_number() ? "the number " + v.dump() : JsonTypeName(v)));
}

Status JsonReader::IsObject(const Json& j, const std::string& path) const {
  if (j.is_object()) return Ok();
  return Fail(path, std::string("expected an object, found ") + JsonTypeName(j));
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

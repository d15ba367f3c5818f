#include "psi/input.h"

#include <charconv>
#include <unordered_map>

#include "common/file_io.h"
#include "ingest/normalize.h"

namespace cleanroom::psi {

Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text,
                                                       const std::string& source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> rec;
  std::string field;
  size_t line = 1, rec_line = 1;
  size_t i = 0;
  bool in_record = false;
  auto end_record = [&] {
    rec.push_back(std::move(field));
    field.clear();
    if (!(rec.size() == 1 && rec[0].empty())) records.push_back(std::move(rec));  // blank line
    rec.clear();
    in_record = false;
  };
  while (i < text.size()) {
    char c = text[i];
    if (!in_record) {
      rec_line = line;
      in_record = true;
    }
    if (c == '"' && field.empty()) {
      // Quoted field.
      ++i;
      for (;;) {
        if (i >= text.size()) {
          return MakeError(ErrorCode::kBadInput,
                           source + ":" + std::to_string(rec_line) + ": unterminated quote");
        }
        char q = text[i++];
        if (q == '"') {
          if (i < text.size() && text[i] == '"') {
            field.push_back('"');
            ++i;
          } else {
            break;
          }
        } else {
          if (q == '\n') ++line;
          field.push_back(q);
        }
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return MakeError(ErrorCode::kBadInput,
                         source + ":" + std::to_string(line) + ": text after a closing quote");
      }
      continue;
    }
    if (c == ',') {
      rec.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      end_record();
    } else if (c == '"') {
      return MakeError(ErrorCode::kBadInput,
                       source + ":" + std::to_string(line) + ": a quote inside an unquoted field");
    } else {
      field.push_back(c);
      ++i;
    }
  }
  if (in_record) end_record();
  return records;
}

Result<PsiInput> LoadPsiInput(const PsiInputSpec& spec) {
  CR_ASSIGN_OR_RETURN(std::string text, ReadTextFile(spec.path));
  CR_ASSIGN_OR_RETURN(auto records, ParseCsv(text, spec.path));
  if (records.empty()) {
    return MakeError(ErrorCode::kBadInput, spec.path + ": empty file, expected a header line");
  }
  const auto& header = records[0];
  auto find = [&](const std::string& name) -> Result<size_t> {
    for (size_t c = 0; c < header.size(); ++c) {
      if (header[c] == name) return c;
    }
    std::string cols;
    for (const auto& h : header) cols += (cols.empty() ? "" : ", ") + h;
    return MakeError(ErrorCode::kBadInput, spec.path + ": no column '" + name +
                                               "' in the header (columns: " + cols + ")");
  };
  CR_ASSIGN_OR_RETURN(size_t id_col, find(spec.column));
  size_t value_col = 0;
  bool with_values = !spec.value_column.empty();
  if (with_values) {
    CR_ASSIGN_OR_RETURN(value_col, find(spec.value_column));
  }
  PsiInput in;
  std::unordered_map<std::string, size_t> index;
  std::string norm;
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    std::string where = spec.path + ": record " + std::to_string(r + 1);
    if (rec.size() != header.size()) {
      return MakeError(ErrorCode::kBadInput, where + " has " + std::to_string(rec.size()) +
                                                 " fields, the header " +
                                                 std::to_string(header.size()));
    }
    in.raw.push_back(rec[id_col]);
    int64_t value = 0;
    if (with_values) {
      const std::string& v = rec[value_col];
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
      if (v.empty() || ec != std::errc() || p != v.data() + v.size()) {
        return MakeError(ErrorCode::kBadInput,
                         where + " (" + spec.value_column + "): not a 64-bit integer: '" + v + "'");
      }
    }
    std::string_view reason = NormalizeIdentifierInto(spec.normalizer, rec[id_col], norm);
    if (!reason.empty()) {
      in.row_to_id.push_back(-1);
      ++in.rejected;
      continue;
    }
    auto [it, fresh] = index.emplace(norm, in.ids.size());
    if (fresh) {
      in.ids.push_back(norm);
      if (with_values) in.values.push_back(0);
    }
    in.row_to_id.push_back(static_cast<int64_t>(it->second));
    if (with_values &&
        __builtin_add_overflow(in.values[it->second], value, &in.values[it->second])) {
      return MakeError(ErrorCode::kBadInput,
                       where + ": the values of one identifier overflow 64 bits");
    }
  }
  return in;
}

}  // namespace cleanroom::psi

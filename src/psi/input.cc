#include "psi/input.h"

#include <memory>
#include <unordered_map>

#include "crypto/secret_bytes.h"
#include "ingest/csv_reader.h"
#include "ingest/normalize.h"
#include "ingest/value_parser.h"

namespace cleanroom::psi {

Result<PsiInput> LoadPsiInput(const PsiInputSpec& spec) {
  CR_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(spec.path));
  std::vector<CsvField> fields;
  CR_ASSIGN_OR_RETURN(bool has_header, reader->Next(fields));
  if (!has_header) {
    return MakeError(ErrorCode::kBadInput, spec.path + ": empty file, expected a header line");
  }
  std::vector<std::string> header;
  for (const CsvField& f : fields) header.emplace_back(f.value);
  auto find = [&](const std::string& name) -> Result<size_t> {
    for (size_t c = 0; c < header.size(); ++c) {
      if (header[c] == name) return c;
    }
    std::string cols;
    // Names from the file's header (a quoted one may hold a line break), on one line.
    for (const auto& h : header) cols += (cols.empty() ? "" : ", ") + OneLineText(h);
    return MakeError(ErrorCode::kBadInput, spec.path + ": no column '" + name +
                                               "' in the header (columns: " + cols + ")");
  };
  CR_ASSIGN_OR_RETURN(size_t id_col, find(spec.column));
  size_t value_col = 0;
  bool with_values = !spec.value_column.empty();
  if (with_values) {
    CR_ASSIGN_OR_RETURN(value_col, find(spec.value_column));
  }
  reader->SetColumnNames(header);
  PsiInput in;
  std::unordered_map<std::string, size_t> index;
  std::string norm;
  for (;;) {
    CR_ASSIGN_OR_RETURN(bool more, reader->Next(fields));
    if (!more) break;
    if (fields.size() != header.size()) return reader->WidthError(fields.size(), header.size());
    in.raw.emplace_back(fields[id_col].value);
    int64_t value = 0;
    if (with_values) {
      std::string_view v = fields[value_col].value;
      std::string_view problem = ParseIntValue(v, value);
      if (!problem.empty()) {
        return reader->FieldError(fields, value_col,
                                  QuoteForMessage(v) + " " + std::string(problem));
      }
    }
    std::string_view reason = NormalizeIdentifierInto(spec.normalizer, fields[id_col].value, norm);
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
      return reader->FieldError(
          fields, value_col,
          "the values of identifier column '" + spec.column + "' add up beyond 64 bits");
    }
  }
  WipeString(norm);
  return in;
}

}  // namespace cleanroom::psi

// The input of a PSI run: one CSV file, the identifier column, its normaliser and, for
// intersection-sum, an integer value column. Identifiers are normalised with the same
// function as `cleanroom prepare` (ingest/normalize.h); an empty or invalid one matches
// nothing and is counted as rejected. The protocol runs on the distinct normalised ids; rows
// map back to them for output. Values of a repeated id are added up.
//
// The CSV reading here is a minimal RFC 4180 reader (quotes, doubled quotes, CRLF, BOM) for
// the columns PSI needs; it reads the whole file into memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "policy/policy.h"

namespace cleanroom::psi {

struct PsiInputSpec {
  std::string path;
  std::string column;
  Normalizer normalizer = Normalizer::kNone;
  std::string value_column;  // empty: none
};

struct PsiInput {
  std::vector<std::string> raw;    // per data row, the identifier as written
  std::vector<int64_t> row_to_id;  // per data row, index into `ids`, or -1 when rejected
  std::vector<std::string> ids;    // distinct normalised identifiers, first-seen order
  std::vector<int64_t> values;     // per id, the sum of its rows' values (value_column only)
  size_t rejected = 0;
};

// kIo when unreadable; kBadInput "FILE:LINE: ..." for malformed CSV, a missing column, or a
// value that is not a 64-bit integer.
Result<PsiInput> LoadPsiInput(const PsiInputSpec& spec);

// Parses one CSV text into records (exposed for tests).
Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text,
                                                       const std::string& source);

}  // namespace cleanroom::psi

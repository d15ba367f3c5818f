// The input of a PSI run: one CSV file, the identifier column, its normaliser and, for
// intersection-sum, an integer value column. Identifiers are normalised with the same
// function as `cleanroom prepare` (ingest/normalize.h); an empty or invalid one matches
// nothing and is counted as rejected. The protocol runs on the distinct normalised ids; rows
// map back to them for output. Values of a repeated id are added up.
//
// The file is read with prepare's streaming CSV reader (ingest/csv_reader.h): the same
// RFC 4180 rules, UTF-8 check and "FILE:LINE:COLUMN (NAME): ..." messages. Values are
// 64-bit integers as prepare's `int` type reads them (surrounding spaces allowed).
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

// kIo when unreadable; kBadInput "FILE:LINE[:COLUMN (NAME)]: ..." for malformed CSV, a
// record with the wrong number of fields or a value that is not a 64-bit integer, and
// "FILE: no column ..." for a missing column.
Result<PsiInput> LoadPsiInput(const PsiInputSpec& spec);

}  // namespace cleanroom::psi

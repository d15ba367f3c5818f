// MemoryTable: the plaintext twin of an encrypted bundle (STYLE.md, fbpcf habit). It holds a
// dataset's decoded columns in memory and hands out TableSource readers over them, so the
// engine can be run and tested without storage, keys or the enclave. Identifiers are
// "fingerprinted" as SHA-256 of their text (no salt: a test double, never for real data);
// an empty or missing identifier is NULL, as prepare makes it. Immutable once built; any
// number of readers may be open at once, one per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "storage/table_source.h"

namespace cleanroom::engine {

class MemoryTable : public std::enable_shared_from_this<MemoryTable> {
 public:
  using Cell = std::optional<std::string>;  // nullopt: NULL

  // `rows` hold one cell per non-drop column of `spec`, in policy order, as CSV text:
  // int "-12", decimal "75.50", date "2025-10-12", bool "true"/"false", string as is.
  // kBadInput "row R column C: ..." for a value that does not parse.
  static Result<std::shared_ptr<const MemoryTable>> FromRows(
      const DatasetSpec& spec, const std::vector<std::vector<Cell>>& rows, size_t chunk_rows);

  static Fingerprint FingerprintOf(std::string_view identifier);

  // A new reader (TableSource) over this table.
  std::unique_ptr<TableSource> Open() const;

  const DatasetSpec& spec() const { return spec_; }
  size_t rows() const { return rows_; }
  size_t chunk_rows() const { return chunk_rows_; }
  const std::vector<ColumnVector>& columns() const { return columns_; }

 private:
  MemoryTable() = default;
  DatasetSpec spec_;  // drop columns removed
  std::vector<ColumnVector> columns_;
  size_t rows_ = 0;
  size_t chunk_rows_ = 1;
};

}  // namespace cleanroom::engine

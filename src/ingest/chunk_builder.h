// ChunkBuilder: turns the records of one slice of a party's CSV into the typed columns of
// one chunk. Values are parsed by column type (value_parser.h; a blank value is NULL),
// identifiers are normalised (normalize.h) into the job's identifier buffer, and NULLs and
// rejected identifiers are counted. A bad value is a kBadInput error naming the file, line,
// column and value. The builder is immutable once made: one builder serves every worker
// thread, each with its own CsvReader, ChunkJob and ChunkCounts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "ingest/csv_reader.h"
#include "ingest/fingerprint.h"
#include "policy/policy.h"
#include "storage/column_vector.h"

namespace cleanroom {

// Size limits that keep every column chunk well inside the enclave channel's 128 MiB frame:
// a field (of any column) of at most 1 MiB, and a string column's values in one chunk of at
// most 64 MiB together. Over either, prepare refuses the file (kBadInput, exit 6) naming the
// line and column, or the lines and a --chunk-rows that fits.
inline constexpr size_t kMaxFieldBytes = size_t{1} << 20;
inline constexpr size_t kMaxChunkColumnBytes = size_t{64} << 20;

// One chunk on its way from the CSV to the bundle. Reused from chunk to chunk by a worker,
// so that its buffers are allocated once.
struct ChunkJob {
  std::vector<ColumnVector> columns;  // stored columns in manifest order
  size_t id_column = 0;               // which one is the identifier
  // Normalised identifiers of the chunk, back to back: row i is
  // id_bytes[id_offsets[i], id_offsets[i + 1]) when columns[id_column].valid[i].
  std::string id_bytes;
  std::vector<uint32_t> id_offsets{0};
  // Scratch for FingerprintIdentifiers: an open-addressing table of row numbers.
  std::vector<uint32_t> first_row_of;
};

// What a worker counts over the chunks it builds (added up at the end).
struct ChunkCounts {
  uint64_t rejected[3] = {0, 0, 0};  // identifiers: empty, not an email, not a phone
  std::vector<uint64_t> nulls;       // per stored column (identifiers excluded)
};

class ChunkBuilder {
 public:
  // `stored`: the stored columns in manifest order; `csv_index[k]`: where stored column k
  // is in a record; `width`: fields per record (the header's).
  ChunkBuilder(std::vector<ColumnSpec> stored, std::vector<size_t> csv_index, size_t width);

  // Clears `job` (keeping its buffers) and fills it with the next `rows` records of
  // `reader`. kBadInput for a bad record; kIo when the reader has fewer records than
  // `rows` (the file changed since it was scanned).
  Status Build(CsvReader& reader, uint64_t rows, ChunkJob& job, ChunkCounts& counts) const;

  size_t column_count() const { return stored_.size(); }

 private:
  using ValueParser = std::string_view (*)(std::string_view, int64_t&);
  std::vector<ColumnSpec> stored_;
  std::vector<size_t> csv_index_;
  std::vector<ValueParser> parsers_;  // nullptr for strings and the identifier
  size_t width_;
};

// Replaces the job's normalised identifiers by their fingerprints (in the identifier
// column) and wipes the normalised identifiers. Identifiers repeat (a customer's many
// purchases): each distinct one is fingerprinted once per chunk and the others copied.
void FingerprintIdentifiers(const Fingerprinter& fingerprinter, ChunkJob& job);

}  // namespace cleanroom

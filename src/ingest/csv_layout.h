// CsvLayout: where the records of a CSV file start, found in one quick pass that does not
// decode fields. Prepare uses it to know the row count before it seals the first chunk (the
// AAD binds the chunk count) and to cut the file into slices of whole records that worker
// threads parse independently (CsvReader::LoadSlice), so parsing runs on every core.
// The pass follows the reader's rules exactly: records end at LF, CRLF or a lone CR
// outside quotes, blank lines are not records, a UTF-8 byte order mark is skipped, and
// lines are counted the way CsvReader counts them (inside a quoted field only LF counts).
// On a malformed file (a stray quote) the slices may be cut wrongly; the reader then reports
// the malformation itself, in the slice that holds it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"

namespace cleanroom {

struct CsvSlice {
  uint64_t offset = 0;      // byte offset of the slice's first record
  uint64_t bytes = 0;       // up to the next slice's first record, or the end of the file
  uint64_t first_line = 1;  // physical line (1-based) on which the first record starts
  uint64_t records = 0;     // records in the slice
};

struct CsvLayout {
  uint64_t records = 0;    // every record of the file, the header included
  uint64_t file_size = 0;  // bytes scanned
  std::vector<CsvSlice> slices;
};

// Scans `path`: counts its records and, when `records_per_slice` > 0, cuts the records from
// number `first_record` (0-based; 1 skips a header) on into slices of `records_per_slice`
// records (the last may be shorter). kIo when the file cannot be read.
Result<CsvLayout> ScanCsvLayout(const std::string& path, uint64_t first_record = 0,
                                uint64_t records_per_slice = 0);

}  // namespace cleanroom

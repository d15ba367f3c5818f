// CsvReader: a streaming RFC 4180 reader over a file, one record at a time, in memory
// bounded by the longest record (not the file). Quoted fields, doubled quotes, newlines
// inside quotes, CRLF, LF or CR line ends, a UTF-8 byte order mark; blank lines are skipped.
// Strict where RFC 4180 is: a quote inside an unquoted field, text after a closing quote,
// an unterminated quote and invalid UTF-8 are kBadInput errors naming
// "FILE:LINE:COLUMN (NAME)" and the offending value, cut short. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "ingest/csv_layout.h"

namespace cleanroom {

struct CsvField {
  std::string_view value;  // unescaped; valid until the next call to Next()
  bool quoted = false;     // written as "..." (so an empty quoted field is "", not NULL)
};

class CsvReader {
 public:
  // kIo when the file cannot be opened.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `fields`: true, or false at the end of the input.
  Result<bool> Next(std::vector<CsvField>& fields);

  // Names used in error messages once the header is known ("4:3 (total_spent)").
  void SetColumnNames(std::vector<std::string> names) { names_ = std::move(names); }
  const std::vector<std::string>& column_names() const { return names_; }

  // "FILE:LINE:COL (NAME): what" for field `field` (0-based) of the current record.
  Error FieldError(const std::vector<CsvField>& fields, size_t field,
                   const std::string& what) const;
  // "FILE:LINE: what" for the current record.
  Error RecordError(const std::string& what) const;
  // "FILE:LINE: N fields, but the header has W columns" for the current record.
  Error WidthError(size_t fields, size_t width) const;

  // The physical line (1-based) on which the current record starts.
  uint64_t record_line() const { return record_line_; }
  uint64_t bytes_consumed() const { return read_total_ - (end_ - begin_); }
  uint64_t file_size() const { return file_size_; }
  const std::string& path() const { return path_; }

  // Makes the reader parse exactly the bytes of `slice` (ScanCsvLayout of this file), read
  // with pread, as if they were the rest of the file: Next() returns the slice's records,
  // numbered with the file's lines, then false. kIo on a short read (the file changed).
  // The slice buffer is reused from call to call.
  Status LoadSlice(const CsvSlice& slice);
  // Zeroes the input buffer (raw identifiers are PII).
  void WipeBuffer();

 private:
  CsvReader() = default;
  enum class Parse { kRecord, kNeedMore, kEnd, kError };
  Parse ParseRecord(std::vector<CsvField>& fields, Error& error);
  Result<bool> Fill();  // reads more input; false at end of file
  std::string ColumnLabel(size_t field) const;

  std::string path_;
  int fd_ = -1;
  std::vector<char> buf_;
  size_t begin_ = 0;  // first unconsumed byte
  size_t end_ = 0;    // one past the last byte read
  bool eof_ = false;
  bool ascii_ = false;    // no byte of buf_[begin_, end_) has the high bit: UTF-8 by itself
  bool started_ = false;  // the BOM check is done
  uint64_t line_ = 1;     // line of the next unconsumed byte
  uint64_t record_line_ = 0;
  uint64_t read_total_ = 0;
  uint64_t file_size_ = 0;
  std::string unescaped_;  // storage for fields with doubled quotes
  std::vector<std::string> names_;
  struct Span {
    size_t start, length;
    bool quoted, escaped;
  };
  std::vector<Span> spans_;  // the current record's fields: the first spans_used_
  size_t spans_used_ = 0;
  void AddSpan(const Span& s) {
    if (spans_used_ == spans_.size()) spans_.resize(spans_.size() * 2 + 8);
    spans_[spans_used_++] = s;
  }
};

// `value` as it appears in an error message: quoted, control and non-UTF-8 bytes escaped,
// cut short after `max` characters.
std::string QuoteForMessage(std::string_view value, size_t max = 40);

}  // namespace cleanroom

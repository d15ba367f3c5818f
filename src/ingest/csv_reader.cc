#include "ingest/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "common/utf8.h"
#include "crypto/secret_bytes.h"

namespace cleanroom {
namespace {

// The buffer fits a small file (from 64 KiB) and is 1 MiB for a larger one; it grows only for
// a record longer than itself. Zeroing 1 MiB for a file of a few lines was most of the cost
// of reading it.
constexpr size_t kMinBuffer = size_t{64} << 10;
constexpr size_t kInitialBuffer = size_t{1} << 20;
constexpr size_t kMaxRecord = size_t{256} << 20;

// The bytes that end or break an unquoted field.
constexpr std::array<bool, 256> MakeSpecial() {
  std::array<bool, 256> t{};
  t[','] = t['\n'] = t['\r'] = t['"'] = true;
  return t;
}
constexpr std::array<bool, 256> kSpecial = MakeSpecial();

uint64_t CountNewlines(const char* p, size_t n) {
  return static_cast<uint64_t>(std::count(p, p + n, '\n'));
}

}  // namespace

std::string QuoteForMessage(std::string_view value, size_t max) {
  std::string out = "\"";
  size_t shown = 0;
  for (size_t i = 0; i < value.size();) {
    if (shown == max) {
      out += "...";
      break;
    }
    unsigned char c = static_cast<unsigned char>(value[i]);
    size_t n = Utf8SequenceLength(value, i);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f || n == 0) {
      static const char* kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      n = 1;
    } else {
      out.append(value.substr(i, n));
    }
    i += n == 0 ? 1 : n;
    ++shown;
  }
  out += '"';
  return out;
}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(ErrorCode::kIo, path + ": cannot open: " + std::strerror(errno));
  }
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return MakeError(ErrorCode::kIo, path + ": is a directory, expected a CSV file");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::unique_ptr<CsvReader> r(new CsvReader());
  r->path_ = path;
  r->fd_ = fd;
  r->file_size_ = static_cast<uint64_t>(st.st_size);
  r->buf_.resize(
      static_cast<size_t>(std::clamp<uint64_t>(r->file_size_ + 1, kMinBuffer, kInitialBuffer)));
  return r;
}

CsvReader::~CsvReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<bool> CsvReader::Fill() {
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) {
    if (buf_.size() >= kMaxRecord) {
      return RecordError("a record longer than 256 MiB (an unterminated quote?)");
    }
    buf_.resize(buf_.size() * 2);
  }
  for (;;) {
    ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return MakeError(ErrorCode::kIo, path_ + ": cannot read: " + std::strerror(errno));
    if (n == 0) eof_ = true;
    end_ += static_cast<size_t>(n);
    read_total_ += static_cast<uint64_t>(n);
    ascii_ = IsAscii(std::string_view(buf_.data() + begin_, end_ - begin_));
    return n > 0;
  }
}

std::string CsvReader::ColumnLabel(size_t field) const {
  std::string s = std::to_string(field + 1);
  // The names come from the file's header: a quoted name may hold a line break.
  if (field < names_.size()) s += " (" + OneLineText(names_[field]) + ")";
  return s;
}

Error CsvReader::FieldError(const std::vector<CsvField>& fields, size_t field,
                            const std::string& what) const {
  uint64_t line = record_line_;
  for (size_t i = 0; i < field && i < fields.size(); ++i) {
    line += CountNewlines(fields[i].value.data(), fields[i].value.size());
  }
  return MakeError(ErrorCode::kBadInput,
                   path_ + ":" + std::to_string(line) + ":" + ColumnLabel(field) + ": " + what);
}

Error CsvReader::RecordError(const std::string& what) const {
  return MakeError(ErrorCode::kBadInput, path_ + ":" + std::to_string(record_line_) + ": " + what);
}

Error CsvReader::WidthError(size_t fields, size_t width) const {
  return RecordError(std::to_string(fields) + (fields == 1 ? " field" : " fields") +
                     ", but the header has " + std::to_string(width) + " columns" +
                     (fields > width ? " (a value with a comma must be quoted)" : ""));
}

CsvReader::Parse CsvReader::ParseRecord(std::vector<CsvField>& fields, Error& error) {
  const char* buf = buf_.data();
  size_t p = begin_;
  uint64_t line = line_;
  auto fail = [&](uint64_t at_line, size_t field, const std::string& what) {
    error = MakeError(ErrorCode::kBadInput, path_ + ":" + std::to_string(at_line) + ":" +
                                                ColumnLabel(field) + ": " + what);
    return Parse::kError;
  };
  // Blank lines between records are skipped.
  while (p < end_ && (buf[p] == '\n' || buf[p] == '\r')) {
    if (buf[p] == '\r' && p + 1 == end_ && !eof_) break;
    p += (buf[p] == '\r' && p + 1 < end_ && buf[p + 1] == '\n') ? 2 : 1;
    ++line;
  }
  begin_ = p;
  line_ = line;
  if (p == end_ || (buf[p] == '\r' && p + 1 == end_ && !eof_)) {
    return eof_ && p == end_ ? Parse::kEnd : Parse::kNeedMore;
  }
  record_line_ = line;
  spans_used_ = 0;
  size_t escaped_bytes = 0;
  for (;;) {
    size_t field = spans_used_;
    if (p == end_) {  // a field starts at the end of the input (after a final ',')
      if (!eof_) return Parse::kNeedMore;
      AddSpan({p, 0, false, false});
      break;
    }
    if (buf[p] == '"') {
      uint64_t opened_on = line;
      size_t start = p + 1;
      size_t q = start;
      bool escaped = false;
      for (;;) {
        const void* hit = std::memchr(buf + q, '"', end_ - q);
        if (hit == nullptr) {
          if (!eof_) return Parse::kNeedMore;
          return fail(opened_on, field,
                      "unterminated quoted field: the quote opened on line " +
                          std::to_string(opened_on) + " is never closed");
        }
        q = static_cast<const char*>(hit) - buf;
        if (q + 1 < end_ && buf[q + 1] == '"') {
          escaped = true;
          q += 2;
          continue;
        }
        if (q + 1 == end_ && !eof_) return Parse::kNeedMore;
        break;
      }
      AddSpan({start, q - start, true, escaped});
      if (escaped) escaped_bytes += q - start;
      line += CountNewlines(buf + start, q - start);
      p = q + 1;
      if (p < end_ && buf[p] != ',' && buf[p] != '\n' && buf[p] != '\r') {
        // Show the field and what follows it up to 20 bytes, but not past the line.
        size_t stop = p;
        while (stop < end_ && stop < p + 18 && buf[stop] != '\n' && buf[stop] != '\r') ++stop;
        std::string_view rest(buf + start - 1, stop - (start - 1));
        return fail(line, field,
                    "unexpected text after the closing quote in " + QuoteForMessage(rest) +
                        "; a quote inside a quoted field is written twice (\"\")");
      }
    } else {
      size_t start = p;
      while (p < end_) {
        char d = buf[p];
        if (!kSpecial[static_cast<unsigned char>(d)]) {
          ++p;
          continue;
        }
        if (d == ',' || d == '\n' || d == '\r') break;
        if (d == '"') {
          size_t stop = p;
          while (stop < end_ && buf[stop] != ',' && buf[stop] != '\n' && buf[stop] != '\r') ++stop;
          return fail(line, field,
                      "a quote inside an unquoted field " +
                          QuoteForMessage(std::string_view(buf + start, stop - start)) +
                          "; quote the whole field and write the quote twice (\"\")");
        }
      }
      if (p == end_ && !eof_) return Parse::kNeedMore;
      AddSpan({start, p - start, false, false});
    }
    if (p == end_) break;  // end of input ends the record
    if (buf[p] == ',') {
      ++p;
      continue;
    }
    if (buf[p] == '\r') {
      if (p + 1 == end_ && !eof_) return Parse::kNeedMore;
      p += (p + 1 < end_ && buf[p + 1] == '\n') ? 2 : 1;
    } else {
      ++p;  // '\n'
    }
    ++line;
    break;
  }

  // The record is complete: hand out views, unescaping doubled quotes into `unescaped_`.
  unescaped_.clear();
  unescaped_.reserve(escaped_bytes);
  fields.resize(spans_used_);
  for (size_t i = 0; i < spans_used_; ++i) {
    const Span& s = spans_[i];
    std::string_view raw(buf + s.start, s.length);
    if (s.escaped) {
      size_t at = unescaped_.size();
      for (size_t k = 0; k < raw.size(); ++k) {
        unescaped_ += raw[k];
        if (raw[k] == '"') ++k;  // the second quote of a pair
      }
      raw = std::string_view(unescaped_.data() + at, unescaped_.size() - at);
    }
    fields[i] = CsvField{raw, s.quoted};
  }
  begin_ = p;
  line_ = line;
  for (size_t i = 0; !ascii_ && i < fields.size(); ++i) {
    size_t bad = 0;
    if (!IsValidUtf8(fields[i].value, &bad)) {
      error = FieldError(fields, i,
                         "invalid UTF-8 at byte " + std::to_string(bad + 1) + " of " +
                             QuoteForMessage(fields[i].value) + "; save the file as UTF-8");
      return Parse::kError;
    }
  }
  return Parse::kRecord;
}

Result<bool> CsvReader::Next(std::vector<CsvField>& fields) {
  if (!started_) {
    while (end_ - begin_ < 3 && !eof_) {
      CR_ASSIGN_OR_RETURN(bool more, Fill());
      (void)more;
    }
    if (end_ - begin_ >= 3 && std::memcmp(buf_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) {
      begin_ += 3;
    }
    started_ = true;
  }
  for (;;) {
    Error error;
    switch (ParseRecord(fields, error)) {
      case Parse::kRecord:
        return true;
      case Parse::kEnd:
        return false;
      case Parse::kError:
        return error;
      case Parse::kNeedMore: {
        CR_ASSIGN_OR_RETURN(bool more, Fill());
        (void)more;
        break;
      }
    }
  }
}

Status CsvReader::LoadSlice(const CsvSlice& slice) {
  if (buf_.size() < slice.bytes) buf_.resize(slice.bytes);
  size_t got = 0;
  while (got < slice.bytes) {
    ssize_t n =
        ::pread(fd_, buf_.data() + got, slice.bytes - got, static_cast<off_t>(slice.offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return MakeError(ErrorCode::kIo, path_ + ": cannot read: " + std::strerror(errno));
    if (n == 0) {
      return MakeError(ErrorCode::kIo, path_ + " changed while it was read (it ended at byte " +
                                           std::to_string(slice.offset + got) +
                                           "); run prepare again");
    }
    got += static_cast<size_t>(n);
  }
  begin_ = 0;
  end_ = slice.bytes;
  ascii_ = IsAscii(std::string_view(buf_.data(), end_));
  eof_ = true;
  started_ = true;
  line_ = slice.first_line;
  record_line_ = 0;
  read_total_ = slice.offset + slice.bytes;
  return Ok();
}

void CsvReader::WipeBuffer() {
  WipeBytes(std::span<uint8_t>(reinterpret_cast<uint8_t*>(buf_.data()), buf_.size()));
  WipeString(unescaped_);
}

}  // namespace cleanroom

#include "ingest/csv_layout.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace cleanroom {
namespace {

// Up to 1 MiB, from 64 KiB: a small file is scanned in a buffer of its size.
constexpr size_t kMinScanBuffer = size_t{64} << 10;
constexpr size_t kScanBuffer = size_t{1} << 20;

// The scanner's state between blocks of the file.
class LayoutScanner {
 public:
  LayoutScanner(uint64_t first_record, uint64_t per_slice)
      : first_record_(first_record), per_slice_(per_slice) {}

  // Scans bytes [data, data + n), which sit at file offset `offset`.
  void Scan(const char* data, size_t n, uint64_t offset) {
    const char* p = data;
    const char* end = data + n;
    if (offset == 0 && n >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    // Fast path for the common block: no quote and no CR anywhere, so every LF ends a line
    // and every non-empty line is one record.
    if (!in_quotes_ && !after_cr_ && std::memchr(p, '"', end - p) == nullptr &&
        std::memchr(p, '\r', end - p) == nullptr) {
      while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
        const char* stop = nl == nullptr ? end : nl;
        if (!in_record_ && stop > p) BeginRecord(offset + (p - data));
        if (nl == nullptr) break;
        EndLine();
        p = nl + 1;
      }
      return;
    }
    for (; p < end; ++p) {
      char c = *p;
      if (in_quotes_) {
        if (c == '"') {
          in_quotes_ = false;
        } else if (c == '\n') {
          ++line_;  // the reader counts only LF inside a quoted field
        }
        continue;
      }
      if (after_cr_) {
        after_cr_ = false;
        if (c == '\n') continue;  // CRLF is one line end
      }
      if (c == '\n' || c == '\r') {
        EndLine();
        after_cr_ = c == '\r';
        continue;
      }
      if (!in_record_) BeginRecord(offset + (p - data));
      if (c == '"') in_quotes_ = true;
    }
  }

  CsvLayout Finish(uint64_t file_size) {
    if (in_record_) ++records_;
    layout_.records = records_;
    layout_.file_size = file_size;
    for (size_t i = 0; i < layout_.slices.size(); ++i) {
      CsvSlice& s = layout_.slices[i];
      uint64_t next = i + 1 < layout_.slices.size() ? layout_.slices[i + 1].offset : file_size;
      s.bytes = next - s.offset;
      s.records =
          i + 1 < layout_.slices.size() ? per_slice_ : records_ - first_record_ - i * per_slice_;
    }
    return std::move(layout_);
  }

 private:
  void BeginRecord(uint64_t at) {
    in_record_ = true;
    if (per_slice_ > 0 && records_ >= first_record_ &&
        (records_ - first_record_) % per_slice_ == 0) {
      layout_.slices.push_back(CsvSlice{at, 0, line_, 0});
    }
  }
  void EndLine() {
    if (in_record_) ++records_;
    in_record_ = false;
    ++line_;
  }

  const uint64_t first_record_;
  const uint64_t per_slice_;
  uint64_t records_ = 0;
  uint64_t line_ = 1;
  bool in_record_ = false;
  bool in_quotes_ = false;
  bool after_cr_ = false;  // the previous byte was a CR that ended a line
  CsvLayout layout_;
};

}  // namespace

Result<CsvLayout> ScanCsvLayout(const std::string& path, uint64_t first_record,
                                uint64_t records_per_slice) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(ErrorCode::kIo, path + ": cannot open: " + std::strerror(errno));
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  struct stat st;
  const uint64_t size = ::fstat(fd, &st) == 0 ? static_cast<uint64_t>(st.st_size) : kScanBuffer;
  std::vector<char> buf(
      static_cast<size_t>(std::clamp<uint64_t>(size, kMinScanBuffer, kScanBuffer)));
  LayoutScanner scanner(first_record, records_per_slice);
  uint64_t offset = 0;
  for (;;) {
    // Fill the whole buffer (or reach the end), so that a byte order mark is never split.
    size_t got = 0;
    while (got < buf.size()) {
      ssize_t n = ::read(fd, buf.data() + got, buf.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int saved = errno;
        ::close(fd);
        return MakeError(ErrorCode::kIo, path + ": cannot read: " + std::strerror(saved));
      }
      if (n == 0) break;
      got += static_cast<size_t>(n);
    }
    if (got == 0) break;
    scanner.Scan(buf.data(), got, offset);
    offset += got;
  }
  ::close(fd);
  return scanner.Finish(offset);
}

}  // namespace cleanroom

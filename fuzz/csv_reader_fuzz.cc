// A party's CSV file as `prepare` and `psi` read it. The bytes are a file in memory (memfd,
// nothing touches the disk) read three ways, each by the production code:
//   1. CsvReader::Next over the whole file, as `psi` reads its input;
//   2. ScanCsvLayout, the quick pass that counts records and cuts slices (3 records each);
//   3. per slice, CsvReader::LoadSlice and ChunkBuilder::Build, as prepare's workers do,
//      with a schema that parses every column type and normalises an identifier (email for
//      the example's 4 columns, phone for 6 columns);
//   4. psi::LoadPsiInput, as `cleanroom psi` reads its input (an email column; a phone
//      column with an integer value column).
// Beyond memory safety: errors are one-line kBadInput, and when the file reads cleanly the
// quick pass agrees with the reader (record count, lines, slices), since prepare binds the
// chunk count into every chunk before it parses a row.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "ingest/chunk_builder.h"
#include "ingest/csv_layout.h"
#include "ingest/csv_reader.h"
#include "psi/input.h"

namespace cleanroom::fuzz {
namespace {

constexpr uint64_t kRecordsPerSlice = 3;

struct MemoryFile {
  int fd = -1;
  std::string path;  // "/proc/self/fd/N": opened afresh by each reader, as a real file is
};

const MemoryFile& File() {
  static const MemoryFile* file = [] {
    auto* f = new MemoryFile;
    f->fd = memfd_create("cleanroom-fuzz-csv", MFD_CLOEXEC);
    if (f->fd < 0) Fail("memfd_create", "failed");
    f->path = "/proc/self/fd/" + std::to_string(f->fd);
    return f;
  }();
  return *file;
}

void WriteFile(const uint8_t* data, size_t size) {
  const MemoryFile& f = File();
  if (ftruncate(f.fd, 0) != 0) Fail("ftruncate", "failed");
  size_t done = 0;
  while (done < size) {
    ssize_t n = pwrite(f.fd, data + done, size - done, static_cast<off_t>(done));
    if (n <= 0) Fail("pwrite", "failed");
    done += static_cast<size_t>(n);
  }
}

ColumnSpec Column(std::string name, ColumnType type, ColumnRole role,
                  Normalizer normalize = Normalizer::kNone) {
  ColumnSpec c;
  c.name = std::move(name);
  c.type = type;
  c.role = role;
  c.normalize = normalize;
  return c;
}

// The builder prepare makes for a file of `width` columns whose header lists them in schema
// order; nullptr for widths without a schema here.
const ChunkBuilder* BuilderFor(size_t width) {
  // The example's purchases: customer_id (dropped), email, purchase_date, total_spent.
  static const ChunkBuilder* purchases = new ChunkBuilder(
      {Column("email", ColumnType::kString, ColumnRole::kIdentifier, Normalizer::kEmail),
       Column("purchase_date", ColumnType::kDate, ColumnRole::kDimension),
       Column("total_spent", ColumnType::kDecimal, ColumnRole::kMetric)},
      {1, 2, 3}, 4);
  // Every other type, and a phone identifier.
  static const ChunkBuilder* wide = new ChunkBuilder(
      {Column("phone", ColumnType::kString, ColumnRole::kIdentifier, Normalizer::kPhone),
       Column("quantity", ColumnType::kInt, ColumnRole::kMetric),
       Column("returned", ColumnType::kBool, ColumnRole::kDimension),
       Column("category", ColumnType::kString, ColumnRole::kDimension),
       Column("day", ColumnType::kDate, ColumnRole::kDimension),
       Column("price", ColumnType::kDecimal, ColumnRole::kMetric)},
      {0, 1, 2, 3, 4, 5}, 6);
  if (width == 4) return purchases;
  if (width == 6) return wide;
  return nullptr;
}

struct Streamed {
  bool clean = false;                  // read to the end without an error
  size_t header_width = 0;             // fields of the first record
  std::vector<uint64_t> record_lines;  // where each record starts
};

Streamed ReadWhole(const std::string& path) {
  Streamed s;
  Result<std::unique_ptr<CsvReader>> reader = CsvReader::Open(path);
  if (!reader.ok()) Fail("CsvReader::Open", reader.error().message);
  std::vector<CsvField> fields;
  for (;;) {
    Result<bool> more = (*reader)->Next(fields);
    if (!more.ok()) {
      CheckError("CsvReader::Next", more.error(), {ErrorCode::kBadInput});
      return s;
    }
    if (!*more) break;
    if (s.record_lines.empty()) {
      s.header_width = fields.size();
      std::vector<std::string> names;
      for (const CsvField& f : fields) names.emplace_back(f.value);
      (*reader)->SetColumnNames(std::move(names));
    }
    s.record_lines.push_back((*reader)->record_line());
    // The messages prepare builds for a record of the wrong width or a bad value.
    CheckError("WidthError", (*reader)->WidthError(fields.size(), s.header_width),
               {ErrorCode::kBadInput});
    if (!fields.empty()) {
      CheckError("FieldError", (*reader)->FieldError(fields, fields.size() - 1, "bad"),
                 {ErrorCode::kBadInput});
    }
  }
  s.clean = true;
  return s;
}

void PrepareSlices(const std::string& path, const Streamed& whole) {
  Result<CsvLayout> layout = ScanCsvLayout(path, 1, kRecordsPerSlice);
  if (!layout.ok()) Fail("ScanCsvLayout", layout.error().message);
  if (!whole.clean) return;  // on a malformed file the slices may be cut wrongly (csv_layout.h)
  const uint64_t records = whole.record_lines.size();
  if (layout->records != records) {
    Fail("ScanCsvLayout", "counts " + std::to_string(layout->records) +
                              " records, the reader reads " + std::to_string(records));
  }
  uint64_t next = 1;  // the first record after the header
  for (const CsvSlice& slice : layout->slices) {
    if (next >= records) Fail("ScanCsvLayout", "more slices than records");
    if (slice.first_line != whole.record_lines[next]) {
      Fail("ScanCsvLayout", "slice at record " + std::to_string(next) + " starts on line " +
                                std::to_string(slice.first_line) + ", the reader says " +
                                std::to_string(whole.record_lines[next]));
    }
    next += slice.records;
  }
  if (records > 0 && next != records) Fail("ScanCsvLayout", "the slices miss records");

  const ChunkBuilder* builder = BuilderFor(whole.header_width);
  if (builder == nullptr) return;
  Result<std::unique_ptr<CsvReader>> reader = CsvReader::Open(path);
  if (!reader.ok()) Fail("CsvReader::Open", reader.error().message);
  ChunkJob job;
  ChunkCounts counts;
  for (const CsvSlice& slice : layout->slices) {
    Status loaded = (*reader)->LoadSlice(slice);
    if (!loaded.ok()) Fail("LoadSlice", loaded.error().message);
    Status built = builder->Build(**reader, slice.records, job, counts);
    (*reader)->WipeBuffer();
    if (!built.ok()) {
      // kIo would mean the slice and the reader disagree on where records are.
      CheckError("ChunkBuilder::Build", built.error(), {ErrorCode::kBadInput});
      return;
    }
  }
}

void LoadForPsi(const std::string& path) {
  const psi::PsiInputSpec specs[] = {{path, "email", Normalizer::kEmail, ""},
                                     {path, "phone", Normalizer::kPhone, "quantity"}};
  for (const psi::PsiInputSpec& spec : specs) {
    Result<psi::PsiInput> in = psi::LoadPsiInput(spec);
    if (!in.ok()) CheckError("LoadPsiInput", in.error(), {ErrorCode::kBadInput});
  }
}

}  // namespace
}  // namespace cleanroom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cleanroom::fuzz;
  WriteFile(data, size);
  const std::string& path = File().path;
  PrepareSlices(path, ReadWhole(path));
  LoadForPsi(path);
  return 0;
}

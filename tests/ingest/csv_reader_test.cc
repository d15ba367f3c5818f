#include "ingest/csv_reader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/file_io.h"
#include "ingest/csv_layout.h"
#include "support/process.h"

namespace cleanroom {
namespace {

using testing::ScratchDir;

struct Parsed {
  std::vector<std::vector<std::string>> rows;  // "<NULL>"-free: quoted fields get a '!' prefix
  std::vector<uint64_t> lines;
  std::string error;  // "" when the whole file parsed
};

Parsed ParseText(const std::string& text) {
  ScratchDir dir;
  std::string path = dir / "in.csv";
  {
    std::ofstream file(path, std::ios::binary);  // no fsync: thousands of texts per test
    file << text;
  }
  Parsed out;
  auto reader = CsvReader::Open(path);
  EXPECT_TRUE(reader.ok());
  std::vector<CsvField> fields;
  for (;;) {
    Result<bool> more = (*reader)->Next(fields);
    if (!more.ok()) {
      EXPECT_EQ(more.error().code, ErrorCode::kBadInput);
      out.error = more.error().message.substr(path.size());
      break;
    }
    if (!*more) break;
    std::vector<std::string> row;
    for (const CsvField& f : fields) row.push_back((f.quoted ? "!" : "") + std::string(f.value));
    out.rows.push_back(row);
    out.lines.push_back((*reader)->record_line());
  }
  Result<CsvLayout> layout = ScanCsvLayout(path);
  EXPECT_TRUE(layout.ok());
  if (out.error.empty()) {
    EXPECT_EQ(layout->records, out.rows.size()) << "ScanCsvLayout counts what Next reads";
  }
  // The same file cut into slices of 1, 2 and 3 records (after the first), each parsed by a
  // reader of its own: the same records on the same lines, or the same first error.
  for (uint64_t per_slice : {1, 2, 3}) {
    Result<CsvLayout> cut = ScanCsvLayout(path, 1, per_slice);
    EXPECT_TRUE(cut.ok());
    Parsed sliced;  // the first record (the header) comes from a stream reader, as in prepare
    auto head = CsvReader::Open(path);
    std::vector<CsvField> header;
    Result<bool> has_header = (*head)->Next(header);
    if (!has_header.ok()) {
      sliced.error = has_header.error().message.substr(path.size());
    } else if (*has_header) {
      std::vector<std::string> row;
      for (const CsvField& f : header) row.push_back((f.quoted ? "!" : "") + std::string(f.value));
      sliced.rows.push_back(row);
      sliced.lines.push_back((*head)->record_line());
    }
    for (const CsvSlice& slice : cut->slices) {
      if (!sliced.error.empty()) break;
      auto reader = CsvReader::Open(path);
      EXPECT_TRUE(reader.ok());
      EXPECT_TRUE((*reader)->LoadSlice(slice).ok());
      std::vector<CsvField> fields;
      uint64_t records = 0;
      for (;;) {
        Result<bool> more = (*reader)->Next(fields);
        if (!more.ok()) {
          sliced.error = more.error().message.substr(path.size());
          break;
        }
        if (!*more) break;
        std::vector<std::string> row;
        for (const CsvField& f : fields)
          row.push_back((f.quoted ? "!" : "") + std::string(f.value));
        sliced.rows.push_back(row);
        sliced.lines.push_back((*reader)->record_line());
        ++records;
      }
      if (!sliced.error.empty()) break;
      EXPECT_EQ(records, slice.records) << "slice at byte " << slice.offset;
    }
    EXPECT_EQ(sliced.error, out.error) << per_slice << " records per slice";
    if (out.error.empty()) {
      EXPECT_EQ(sliced.rows, out.rows) << per_slice << " records per slice";
      EXPECT_EQ(sliced.lines, out.lines) << per_slice << " records per slice";
    }
  }
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, PlainRecords) {
  Parsed p = ParseText("a,b,c\n1,2,3\n");
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(p.rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(p.lines, (std::vector<uint64_t>{1, 2}));
}

TEST(CsvReader, LastLineWithoutNewlineAndEmptyFields) {
  EXPECT_EQ(ParseText("a,b\n,\nx,").rows, (Rows{{"a", "b"}, {"", ""}, {"x", ""}}));
  EXPECT_EQ(ParseText("a").rows, (Rows{{"a"}}));
  EXPECT_EQ(ParseText("").rows, Rows{});
}

TEST(CsvReader, CrLfAndCrAndBlankLines) {
  Parsed p = ParseText("a,b\r\n1,2\r\n\r\n\n3,4\r5,6\r\n");
  EXPECT_EQ(p.rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}, {"5", "6"}}));
  EXPECT_EQ(p.lines, (std::vector<uint64_t>{1, 2, 5, 6}));
}

TEST(CsvReader, ByteOrderMarkIsSkipped) {
  EXPECT_EQ(ParseText("\xEF\xBB\xBFid,name\n1,x\n").rows, (Rows{{"id", "name"}, {"1", "x"}}));
}

TEST(CsvReader, QuotedFieldsWithCommasQuotesAndNewlines) {
  Parsed p =
      ParseText("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\r\nvalue\",\"\"\n\"\"\"\",z\n");
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(
      p.rows,
      (Rows{{"a", "b"}, {"!x, y", "!say \"hi\""}, {"!multi\nline\r\nvalue", "!"}, {"!\"", "z"}}));
  EXPECT_EQ(p.lines, (std::vector<uint64_t>{1, 2, 3, 6}));
}

TEST(CsvReader, Utf8IsAccepted) {
  EXPECT_EQ(ParseText("name\nJ\xC3\xBCrgen \xE2\x82\xAC \xF0\x9F\x98\x80\n").rows,
            (Rows{{"name"}, {"J\xC3\xBCrgen \xE2\x82\xAC \xF0\x9F\x98\x80"}}));
}

TEST(CsvReader, UnterminatedQuote) {
  Parsed p = ParseText("a,b\n1,\"open\n2,3\n");
  EXPECT_EQ(p.rows, (Rows{{"a", "b"}}));
  EXPECT_EQ(p.error, ":2:2: unterminated quoted field: the quote opened on line 2 is never closed");
}

TEST(CsvReader, QuoteInsideAnUnquotedField) {
  Parsed p = ParseText("a,b\n1,5\"2\n");
  EXPECT_EQ(p.error,
            ":2:2: a quote inside an unquoted field \"5\\\"2\"; quote the whole field and write "
            "the quote twice (\"\")");
}

TEST(CsvReader, TextAfterClosingQuote) {
  Parsed p = ParseText("a,b\n\"x\"y,2\n");
  EXPECT_EQ(p.error,
            ":2:1: unexpected text after the closing quote in \"\\\"x\\\"y,2\"; a quote inside "
            "a quoted field is written twice (\"\")");
}

TEST(CsvReader, InvalidUtf8NamesLineColumnAndValue) {
  Parsed p = ParseText("a,b\n1,ok\n2,caf\xE9 au lait\n");
  EXPECT_EQ(p.error,
            ":3:2: invalid UTF-8 at byte 4 of \"caf\\xe9 au lait\"; save the file as UTF-8");
  // Overlong encodings and surrogates are invalid too.
  EXPECT_EQ(ParseText("a\n\xC0\xAF\n").error,
            ":2:1: invalid UTF-8 at byte 1 of \"\\xc0\\xaf\"; save the file as UTF-8");
  EXPECT_EQ(ParseText("a\n\xED\xA0\x80\n").error.substr(0, 30), ":2:1: invalid UTF-8 at byte 1 ");
}

TEST(CsvReader, ErrorLineCountsNewlinesInEarlierQuotedFields) {
  Parsed p = ParseText("a,b,c\n\"x\ny\",ok,\"bad\xFF\"\n");
  EXPECT_EQ(p.error, ":3:3: invalid UTF-8 at byte 4 of \"bad\\xff\"; save the file as UTF-8");
}

TEST(CsvReader, RecordsLongerThanTheBufferAndAcrossReads) {
  std::string big(3 << 20, 'x');  // 3 MiB: the buffer grows
  std::string text = "a,b\n\"" + big + "\",1\n";
  for (int i = 0; i < 50000; ++i) text += "\"q\"\"" + std::to_string(i) + "\",v\r\n";
  Parsed p = ParseText(text);
  EXPECT_EQ(p.error, "");
  ASSERT_EQ(p.rows.size(), 50002u);
  EXPECT_EQ(p.rows[1][0], "!" + big);
  EXPECT_EQ(p.rows[50001], (std::vector<std::string>{"!q\"49999", "v"}));
  EXPECT_EQ(p.lines[50001], 50002u);
}

// Random texts over the bytes that matter to the record structure (separators, quotes,
// every line end, a BOM, UTF-8 good and bad): ParseText checks that the layout scan counts
// the records the reader reads and that sliced parsing gives the same records, lines and
// first error as parsing the whole stream.
TEST(CsvReader, RandomTextsSliceExactlyLikeTheStream) {
  const std::vector<std::string> pieces = {"a",  "bc", ",",    ",", "\"",       "\"\"", "\n",
                                           "\n", "\r", "\r\n", " ", "\xC3\xA9", "\xFF", "x\"y"};
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(state >> 33);
  };
  size_t well_formed = 0;
  for (int i = 0; i < 800; ++i) {
    std::string text = next() % 10 == 0 ? "\xEF\xBB\xBF" : "";
    size_t n = next() % 40;
    for (size_t k = 0; k < n; ++k) {
      // Mostly harmless pieces, so that many texts are well formed.
      size_t pick = next() % 100 < 95 ? next() % 12 : next() % pieces.size();
      if (pieces[pick] == "\"" && next() % 2 == 0) {
        text += "\"q\nr\"";  // a whole quoted field with a newline inside
      } else {
        text += pieces[pick];
      }
    }
    Parsed p = ParseText(text);
    well_formed += p.error.empty();
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "text #" << i << ": " << QuoteForMessage(text, 200);
      return;
    }
  }
  EXPECT_GT(well_formed, 150u) << "the generator should make many well-formed texts";
}

TEST(CsvReader, FieldErrorNamesTheColumn) {
  ScratchDir dir;
  ASSERT_TRUE(WriteFileAtomic(dir / "f.csv", std::string("a,b\n1,2\n")).ok());
  auto r = CsvReader::Open(dir / "f.csv");
  ASSERT_TRUE(r.ok());
  std::vector<CsvField> fields;
  ASSERT_TRUE((*r)->Next(fields).value());
  (*r)->SetColumnNames({"a", "b"});
  ASSERT_TRUE((*r)->Next(fields).value());
  EXPECT_EQ((*r)->FieldError(fields, 1, "bad").message, dir / "f.csv" + ":2:2 (b): bad");
  EXPECT_EQ((*r)->RecordError("short").message, dir / "f.csv" + ":2: short");
}

// Found by fuzz/csv_reader_fuzz: a quoted header name holding a line break made every later
// message about that column two lines long.
TEST(CsvReader, ColumnNamesFromTheHeaderAreShownOnOneLine) {
  ScratchDir dir;
  const std::string path = dir / "f.csv";
  ASSERT_TRUE(WriteFileAtomic(path, std::string("\"na\r\nme\",b\n\"x\"y,2\n")).ok());
  auto r = CsvReader::Open(path);
  ASSERT_TRUE(r.ok());
  std::vector<CsvField> fields;
  ASSERT_TRUE((*r)->Next(fields).value());
  (*r)->SetColumnNames({std::string(fields[0].value), std::string(fields[1].value)});
  EXPECT_EQ((*r)->FieldError(fields, 0, "bad").message, path + ":1:1 (na\\x0d\\x0ame): bad");
  Result<bool> bad = (*r)->Next(fields);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(
      bad.error().message,
      path +
          ":3:1 (na\\x0d\\x0ame): unexpected text after the closing quote in \"\\\"x\\\"y,2\"; "
          "a quote inside a quoted field is written twice (\"\")");
}

TEST(CsvReader, MissingFileIsAnIoError) {
  auto r = CsvReader::Open("/nonexistent/x.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_EQ(r.error().message, "/nonexistent/x.csv: cannot open: No such file or directory");
}

TEST(QuoteForMessage, EscapesAndCutsShort) {
  EXPECT_EQ(QuoteForMessage("abc"), "\"abc\"");
  EXPECT_EQ(QuoteForMessage("a\"b\\c\td\n"), "\"a\\\"b\\\\c\\td\\n\"");
  EXPECT_EQ(QuoteForMessage(std::string(50, 'z')), "\"" + std::string(40, 'z') + "...\"");
  EXPECT_EQ(QuoteForMessage("\xC3\xA9\x01"), "\"\xC3\xA9\\x01\"");
}

}  // namespace
}  // namespace cleanroom

#include "ingest/csv_reader.h"

#include <gtest/gtest.h>

#include "common/file_io.h"
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
  EXPECT_TRUE(WriteFileAtomic(path, text).ok());
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
  Result<uint64_t> count = CsvReader::CountRecords(path);
  EXPECT_TRUE(count.ok());
  if (out.error.empty()) {
    EXPECT_EQ(*count, out.rows.size()) << "CountRecords agrees with Next";
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
            ":2:1: unexpected text after the closing quote in \"\\\"x\\\"y,2\\n\"; a quote inside "
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

#include "psi/input.h"

#include <gtest/gtest.h>

#include "common/file_io.h"
#include "support/process.h"

namespace cleanroom::psi {
namespace {

// The file goes through prepare's CSV reader: quotes, CRLF, BOM, blank lines, and its
// messages naming file, line, column and value.
TEST(PsiInput, ReadsQuotesCrlfAndBomWithPreparesReader) {
  cleanroom::testing::ScratchDir dir;
  std::string path = dir / "in.csv";
  ASSERT_TRUE(WriteFileAtomic(path,
                              "\xEF\xBB\xBF"
                              "email,note\r\n\"A@X.COM\",\"say \"\"hi\"\"\"\r\n\r\n"
                              "\"b@x.com\",\"multi\nline\"\n")
                  .ok());
  auto in = LoadPsiInput({path, "email", Normalizer::kEmail, ""});
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->ids, (std::vector<std::string>{"a@x.com", "b@x.com"}));
  EXPECT_EQ(in->raw, (std::vector<std::string>{"A@X.COM", "b@x.com"}));
}

TEST(PsiInput, MalformedCsvNamesLineAndColumn) {
  cleanroom::testing::ScratchDir dir;
  std::string path = dir / "in.csv";
  ASSERT_TRUE(WriteFileAtomic(path, "email\n\"never closed\n").ok());
  auto open = LoadPsiInput({path, "email", Normalizer::kEmail, ""});
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(open.error().message,
            path +
                ":2:1 (email): unterminated quoted field: the quote opened on line 2 is "
                "never closed");
  ASSERT_TRUE(WriteFileAtomic(path, "email\nx\"y\n").ok());
  auto inside = LoadPsiInput({path, "email", Normalizer::kEmail, ""});
  ASSERT_FALSE(inside.ok());
  EXPECT_EQ(inside.error().message,
            path +
                ":2:1 (email): a quote inside an unquoted field \"x\\\"y\"; quote the whole "
                "field and write the quote twice (\"\")");
}

// Found by fuzz/csv_reader_fuzz (the reader's column label) and review of the callers: header
// names are the file's text, and a quoted one may hold a line break.
TEST(PsiInput, HeaderNamesInMessagesStayOnOneLine) {
  cleanroom::testing::ScratchDir dir;
  std::string path = dir / "in.csv";
  ASSERT_TRUE(WriteFileAtomic(path, "\"e\nmail\",v\nx,1\n").ok());
  auto missing = LoadPsiInput({path, "email", Normalizer::kEmail, ""});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(missing.error().message,
            path + ": no column 'email' in the header (columns: e\\x0amail, v)");
  ASSERT_TRUE(WriteFileAtomic(path, "\"e\nmail\",v\nx,y\n").ok());
  auto bad_value = LoadPsiInput({path, "v", Normalizer::kNone, "e\nmail"});
  ASSERT_FALSE(bad_value.ok());
  EXPECT_EQ(bad_value.error().message, path + ":3:1 (e\\x0amail): \"x\" is not an integer");
}

TEST(PsiInput, NormalisesDeduplicatesAndSums) {
  cleanroom::testing::ScratchDir dir;
  std::string path = dir / "in.csv";
  ASSERT_TRUE(WriteFileAtomic(path,
                              "id,email,spent\n"
                              "1, Alice@Example.com ,10\n"
                              "2,bob@example.com,5\n"
                              "3,,7\n"
                              "4,alice@example.com,-3\n"
                              "5,nonsense,1\n")
                  .ok());
  auto in = LoadPsiInput({path, "email", Normalizer::kEmail, "spent"});
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->ids, (std::vector<std::string>{"alice@example.com", "bob@example.com"}));
  EXPECT_EQ(in->values, (std::vector<int64_t>{7, 5}));
  EXPECT_EQ(in->row_to_id, (std::vector<int64_t>{0, 1, -1, 0, -1}));
  EXPECT_EQ(in->raw[0], " Alice@Example.com ");
  EXPECT_EQ(in->rejected, 2u);

  auto missing = LoadPsiInput({path, "phone", Normalizer::kPhone, ""});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(missing.error().message,
            path + ": no column 'phone' in the header (columns: id, email, spent)");
}

TEST(PsiInput, BadValuesAndShortRecords) {
  cleanroom::testing::ScratchDir dir;
  std::string path = dir / "in.csv";
  ASSERT_TRUE(WriteFileAtomic(path, "email,spent\na@b.co,12.5\n").ok());
  auto bad = LoadPsiInput({path, "email", Normalizer::kEmail, "spent"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, path + ":2:2 (spent): \"12.5\" is not an integer");
  ASSERT_TRUE(WriteFileAtomic(path, "email,spent\na@b.co\n").ok());
  auto short_rec = LoadPsiInput({path, "email", Normalizer::kEmail, ""});
  ASSERT_FALSE(short_rec.ok());
  EXPECT_EQ(short_rec.error().message, path + ":2: 1 field, but the header has 2 columns");
  auto none = LoadPsiInput({dir / "absent.csv", "email", Normalizer::kEmail, ""});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace cleanroom::psi

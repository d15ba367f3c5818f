#include "psi/input.h"

#include <gtest/gtest.h>

#include "common/file_io.h"
#include "support/process.h"

namespace cleanroom::psi {
namespace {

TEST(PsiCsv, ParsesQuotesCrlfAndBom) {
  auto r = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\r\n\"multi\nline\",\n",
      "f.csv");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0], (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*r)[1], (std::vector<std::string>{"x,1", "say \"hi\""}));
  EXPECT_EQ((*r)[2], (std::vector<std::string>{"multi\nline", ""}));
}

TEST(PsiCsv, RejectsMalformedQuoting) {
  auto open = ParseCsv("a\n\"never closed\n", "f.csv");
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(open.error().message, "f.csv:2: unterminated quote");
  auto after = ParseCsv("a\n\"x\"y\n", "f.csv");
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().message, "f.csv:2: text after a closing quote");
  auto inside = ParseCsv("a\nx\"y\n", "f.csv");
  ASSERT_FALSE(inside.ok());
  EXPECT_EQ(inside.error().message, "f.csv:2: a quote inside an unquoted field");
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
  EXPECT_EQ(bad.error().message, path + ": record 2 (spent): not a 64-bit integer: '12.5'");
  ASSERT_TRUE(WriteFileAtomic(path, "email,spent\na@b.co\n").ok());
  auto short_rec = LoadPsiInput({path, "email", Normalizer::kEmail, ""});
  ASSERT_FALSE(short_rec.ok());
  EXPECT_EQ(short_rec.error().message, path + ": record 2 has 1 fields, the header 2");
  auto none = LoadPsiInput({dir / "absent.csv", "email", Normalizer::kEmail, ""});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace cleanroom::psi

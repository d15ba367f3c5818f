#include "ingest/prepare.h"

#include <gtest/gtest.h>

#include "common/file_io.h"
#include "common/hex.h"
#include "ingest/fingerprint.h"
#include "ingest/value_parser.h"
#include "storage/bundle_reader.h"
#include "storage/test_policy.h"
#include "support/process.h"

namespace cleanroom {
namespace {

using testing::ScratchDir;

Bytes Salt() { return Bytes(32, 0x5a); }

class PrepareTest : public ::testing::Test {
 protected:
  Policy policy_ = testing::TestPolicy();
  ScratchDir dir_;
  std::string csv_ = dir_ / "in.csv";
  std::string out_ = dir_ / "bundle";

  Result<PrepareSummary> Run(const std::string& dataset, const std::string& text,
                             uint64_t chunk_rows = kDefaultChunkRows, unsigned threads = 2) {
    EXPECT_TRUE(WriteFileAtomic(csv_, text).ok());
    PrepareOptions o;
    o.input = csv_;
    o.out_dir = out_;
    o.chunk_rows = chunk_rows;
    o.threads = threads;
    return Prepare(policy_, dataset, Salt(), o);
  }

  // All rows of all chunks of the bundle, column by column.
  std::vector<ColumnVector> ReadBack(const std::vector<std::string>& columns) {
    auto r = BundleReader::Open(out_, out_ + ".key", policy_);
    EXPECT_TRUE(r.ok()) << r.error().message;
    std::vector<ColumnVector> all(columns.size());
    for (size_t i = 0; r.ok() && i < (*r)->chunk_count(); ++i) {
      auto cols = (*r)->ReadChunk(i, columns);
      EXPECT_TRUE(cols.ok());
      for (size_t c = 0; c < columns.size(); ++c) {
        ColumnVector& a = all[c];
        const ColumnVector& b = (*cols)[c];
        a.name = b.name;
        a.type = b.type;
        a.is_identifier = b.is_identifier;
        a.valid.insert(a.valid.end(), b.valid.begin(), b.valid.end());
        a.ints.insert(a.ints.end(), b.ints.begin(), b.ints.end());
        a.strings.insert(a.strings.end(), b.strings.begin(), b.strings.end());
        a.fingerprints.insert(a.fingerprints.end(), b.fingerprints.begin(), b.fingerprints.end());
      }
    }
    return all;
  }

  std::string ErrorOf(const std::string& dataset, const std::string& text) {
    Result<PrepareSummary> s = Run(dataset, text);
    EXPECT_EQ(testing::ListDir(dir_.path()), (std::vector<std::string>{"in.csv"}))
        << "nothing is left behind";
    if (s.ok()) return "(prepared)";
    EXPECT_EQ(s.error().code, ErrorCode::kBadInput) << s.error().message;
    std::string m = s.error().message;
    return m.rfind(csv_, 0) == 0 ? "in.csv" + m.substr(csv_.size()) : m;
  }

  Fingerprint Fp(std::string_view normalized) {
    return Fingerprinter::Create(Salt(), "fall25").value().Compute(normalized);
  }
};

TEST_F(PrepareTest, ScenarioPurchasesRoundTrip) {
  auto s = Run("purchases",
               "customer_id,email,purchase_date,total_spent\n"
               "789,alice@email.com,2025-10-12,$75.50\n"
               "790,bob@email.com,2025-10-14,$120.00\n"
               "791,carol@email.com,2025-10-15,$32.25\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->rows, 3u);
  EXPECT_EQ(s->chunks, 1u);
  EXPECT_EQ(s->fingerprinted, 3u);
  EXPECT_EQ(s->rejected,
            (std::map<std::string, uint64_t>{{"empty", 0}, {"not an email address", 0}}));
  EXPECT_EQ(s->stored_columns, (std::vector<std::string>{"email", "purchase_date", "total_spent"}));
  EXPECT_EQ(s->dropped_columns, (std::vector<std::string>{"customer_id"}));
  EXPECT_EQ(s->bytes_in, 157u);
  EXPECT_EQ(testing::ListDir(dir_.path()),
            (std::vector<std::string>{"bundle", "bundle.key", "in.csv"}));

  std::vector<ColumnVector> cols = ReadBack({"email", "purchase_date", "total_spent"});
  EXPECT_EQ(cols[0].fingerprints,
            (std::vector<Fingerprint>{Fp("alice@email.com"), Fp("bob@email.com"),
                                      Fp("carol@email.com")}));
  EXPECT_EQ(cols[1].ints, (std::vector<int64_t>{20373, 20375, 20376}));
  EXPECT_EQ(cols[2].ints, (std::vector<int64_t>{755000, 1200000, 322500}));
  EXPECT_EQ(cols[2].valid, (std::vector<uint8_t>{1, 1, 1}));
  // The dropped column's values are nowhere in the bundle.
  for (const std::string& f : testing::ListDir(out_ + "/chunks")) {
    std::string data = ReadTextFile(out_ + "/chunks/" + f).value();
    EXPECT_EQ(data.find("789"), std::string::npos);
    EXPECT_EQ(data.find("alice"), std::string::npos);
  }
  std::string manifest = ReadTextFile(out_ + "/manifest.json").value();
  EXPECT_EQ(manifest.find("customer_id"), std::string::npos);
}

TEST_F(PrepareTest, EveryTypeNullsAndRejectedIdentifiers) {
  // Columns in another order than the policy's, CRLF, a BOM, quoted values.
  auto s = Run("everything",
               "\xEF\xBB\xBFlabel,flag,day,amount,n,email,secret\r\n"
               "\"a, b\",true,2025-01-31,$1.25,7,\" Alice@Email.com \",s1\r\n"
               ",,,,,,s2\r\n"
               "\"\",no,1969-12-31,-0.5,-3,not-an-email,s3\r\n"
               "x,1,2000-02-29,10,0,bob@x.org,\"multi\nline\"\r\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->rows, 4u);
  EXPECT_EQ(s->fingerprinted, 2u);
  EXPECT_EQ(s->rejected.at("empty"), 1u);
  EXPECT_EQ(s->rejected.at("not an email address"), 1u);
  EXPECT_EQ(s->nulls, (std::map<std::string, uint64_t>{
                          {"amount", 1}, {"day", 1}, {"flag", 1}, {"label", 1}, {"n", 1}}));
  std::vector<ColumnVector> c = ReadBack({"email", "n", "amount", "day", "flag", "label"});
  EXPECT_EQ(c[0].valid, (std::vector<uint8_t>{1, 0, 0, 1}));
  EXPECT_EQ(c[0].fingerprints,
            (std::vector<Fingerprint>{Fp("alice@email.com"), {}, {}, Fp("bob@x.org")}));
  EXPECT_EQ(c[1].ints, (std::vector<int64_t>{7, 0, -3, 0}));
  EXPECT_EQ(c[1].valid, (std::vector<uint8_t>{1, 0, 1, 1}));
  EXPECT_EQ(c[2].ints, (std::vector<int64_t>{12500, 0, -5000, 100000}));
  EXPECT_EQ(c[3].ints, (std::vector<int64_t>{20119, 0, -1, 11016}));
  EXPECT_EQ(c[4].ints, (std::vector<int64_t>{1, 0, 0, 1}));
  EXPECT_EQ(c[4].valid, (std::vector<uint8_t>{1, 0, 1, 1}));
  // An unquoted empty string is NULL; a quoted empty string is the empty string.
  EXPECT_EQ(c[5].strings, (std::vector<std::string>{"a, b", "", "", "x"}));
  EXPECT_EQ(c[5].valid, (std::vector<uint8_t>{1, 0, 1, 1}));
}

TEST_F(PrepareTest, ManyChunksRoundTripExactly) {
  std::string text = "phone,city\n";
  for (int i = 0; i < 1000; ++i) {
    text += (i % 10 == 0 ? "n/a" : "(555) 010-" + std::to_string(1000 + i)) + ",city" +
            std::to_string(i % 17) + "\n";
  }
  auto s = Run("phones", text, /*chunk_rows=*/64, /*threads=*/3);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->rows, 1000u);
  EXPECT_EQ(s->chunks, 16u);
  EXPECT_EQ(s->rejected.at("not a phone number"), 100u);
  std::vector<ColumnVector> c = ReadBack({"phone", "city"});
  ASSERT_EQ(c[0].size(), 1000u);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(c[1].strings[i], "city" + std::to_string(i % 17));
    if (i % 10 == 0) {
      EXPECT_EQ(c[0].valid[i], 0);
    } else {
      EXPECT_EQ(c[0].fingerprints[i], Fp("+1555010" + std::to_string(1000 + i)));
    }
  }
}

TEST_F(PrepareTest, HeaderOnlyGivesAnEmptyBundle) {
  auto s = Run("purchases", "customer_id,email,purchase_date,total_spent\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->rows, 0u);
  EXPECT_EQ(s->chunks, 0u);
  EXPECT_EQ(ReadBack({"email"})[0].size(), 0u);
}

// The bad-input table of issue 3: exit 6 at the CLI, file:line:column and the value.
TEST_F(PrepareTest, BadInputTable) {
  const std::string h = "customer_id,email,purchase_date,total_spent\n";
  EXPECT_EQ(ErrorOf("purchases", h + "1,a@b.co,2025-10-12,1\n2,a@b.co,2025-10-12\n"),
            "in.csv:3: 3 fields, but the header has 4 columns");
  EXPECT_EQ(ErrorOf("purchases", h + "1,a@b.co,2025-10-12,1,5\n"),
            "in.csv:2: 5 fields, but the header has 4 columns (a value with a comma must be "
            "quoted)");
  EXPECT_EQ(ErrorOf("purchases", h + "1,a@b.co,2025-13-12,1\n"),
            "in.csv:2:3 (purchase_date): \"2025-13-12\" is not a calendar date");
  EXPECT_EQ(ErrorOf("purchases", h + "1,a@b.co,12/10/2025,1\n"),
            "in.csv:2:3 (purchase_date): \"12/10/2025\" is not a date (expected YYYY-MM-DD)");
  EXPECT_EQ(ErrorOf("purchases", h + "1,a@b.co,2025-10-12,\"$1,000.00\"\n"),
            "in.csv:2:4 (total_spent): \"$1,000.00\" is not a decimal (expected e.g. 75.50 or "
            "$75.50)");
  EXPECT_EQ(ErrorOf("everything",
                    "secret,email,n,amount,day,flag,label\n"
                    "s,a@b.co,12.5,1,2025-01-01,true,x\n"),
            "in.csv:2:3 (n): \"12.5\" is not an integer");
  EXPECT_EQ(ErrorOf("everything",
                    "secret,email,n,amount,day,flag,label\n"
                    "s,a@b.co,1,1,2025-01-01,maybe,x\n"),
            "in.csv:2:6 (flag): \"maybe\" is not a bool (expected true or false, yes or no, 1 or "
            "0)");
  EXPECT_EQ(ErrorOf("purchases", "customer_id,email,purchase_date\n"),
            "in.csv:1: column 'total_spent' of dataset 'purchases' is missing from the header "
            "(the policy's columns: customer_id, email, purchase_date, total_spent)");
  EXPECT_EQ(ErrorOf("purchases", "customer_id,email,purchase_date,total_spent,zip\n"),
            "in.csv:1:5: column 'zip' is not in dataset 'purchases' of the policy (its "
            "columns: customer_id, email, purchase_date, total_spent); remove it from the file, "
            "or add it to the policy (role \"drop\" if it must not be uploaded)");
  EXPECT_EQ(ErrorOf("purchases", "customer_id,email,email,total_spent\n"),
            "in.csv:1:3: column 'email' appears twice in the header (also column 2)");
  EXPECT_EQ(
      ErrorOf("purchases", h + "1,\"a@b.co,2025-10-12,1\n"),
      "in.csv:2:2 (email): unterminated quoted field: the quote opened on line 2 is never closed");
  EXPECT_EQ(ErrorOf("purchases", h + "1,a@b.co,2025-10-12,1\n2,\xE9ve@b.co,2025-10-12,1\n"),
            "in.csv:3:2 (email): invalid UTF-8 at byte 1 of \"\\xe9ve@b.co\"; save the file as "
            "UTF-8");
  EXPECT_EQ(ErrorOf("purchases", ""),
            "in.csv: the file is empty; expected a header line naming the columns: customer_id, "
            "email, purchase_date, total_spent");
  // A long value is cut short in the message.
  EXPECT_EQ(ErrorOf("purchases", h + "1,a@b.co,2025-10-12," + std::string(100, 'x') + "\n"),
            "in.csv:2:4 (total_spent): \"" + std::string(40, 'x') +
                "...\" is not a decimal (expected e.g. 75.50 or $75.50)");
}

// Found by fuzz/csv_reader_fuzz (the reader's column label) and review of prepare's header
// checks: a quoted header name may hold a line break; the message stays one line.
TEST_F(PrepareTest, HeaderNamesInMessagesStayOnOneLine) {
  EXPECT_EQ(ErrorOf("purchases", "customer_id,email,purchase_date,\"total\r\nspent\"\n"),
            "in.csv:1:4: column 'total\\x0d\\x0aspent' is not in dataset 'purchases' of the "
            "policy (its columns: customer_id, email, purchase_date, total_spent); remove it from "
            "the file, or add it to the policy (role \"drop\" if it must not be uploaded)");
}

TEST_F(PrepareTest, BadRowInALaterChunkLeavesNothingBehind) {
  std::string text = "phone,city\n";
  for (int i = 0; i < 500; ++i) text += "5550101234,c\n";
  text += "5550101234,\"c\n";
  EXPECT_EQ(Run("phones", text, 64).error().message,
            csv_ +
                ":502:2 (city): unterminated quoted field: the quote opened on line 502 is never "
                "closed");
  EXPECT_EQ(testing::ListDir(dir_.path()), (std::vector<std::string>{"in.csv"}));
}

// Chunks are parsed in parallel; whatever the schedule, the error reported is the first bad
// record of the file. Bad dates in chunks 1, 2 and 5 (of 6), chunks of 8 rows, 1 to 3 workers.
TEST_F(PrepareTest, FirstBadRecordOfTheFileIsReportedWhateverTheWorkerCount) {
  std::string h = "customer_id,email,purchase_date,total_spent\n";
  std::string text = h;
  for (int i = 0; i < 48; ++i) {
    bool bad = i == 13 || i == 20 || i == 41;
    text += std::to_string(i) + ",p" + std::to_string(i) + "@x.com," +
            (bad ? "2025-02-3" + std::to_string(i % 10) : std::string("2025-10-12")) + ",1.00\n";
  }
  for (unsigned threads : {1u, 2u, 3u}) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      Result<PrepareSummary> s = Run("purchases", text, 8, threads);
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error().message,
                csv_ + ":15:3 (purchase_date): \"2025-02-33\" is not a calendar date")
          << threads << " workers";
      EXPECT_EQ(testing::ListDir(dir_.path()), (std::vector<std::string>{"in.csv"}));
    }
  }
}

TEST_F(PrepareTest, UnknownDatasetAndBadSaltAndExistingOutput) {
  auto s = Run("nope", "a\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUsage);
  EXPECT_EQ(s.error().message,
            "the policy has no dataset 'nope' (it has: everything, exposures, phones, purchases)");
  PrepareOptions o;
  o.input = csv_;
  o.out_dir = out_;
  auto salt = Prepare(policy_, "phones", Bytes(16, 1), o);
  ASSERT_FALSE(salt.ok());
  EXPECT_EQ(salt.error().code, ErrorCode::kBadInput);
  ASSERT_TRUE(Run("phones", "phone,city\n").ok());
  auto again = Run("phones", "phone,city\n");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kIo);
  EXPECT_EQ(again.error().message, out_ + " already exists; remove it or choose another --out");
}

}  // namespace
}  // namespace cleanroom

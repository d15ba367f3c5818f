// End-to-end: the real `cleanroom prepare` and `cleanroom bundle verify` binaries, through
// the contract (exit codes, stderr, files).
#include <gtest/gtest.h>

#include <filesystem>

#include "common/file_io.h"
#include "ingest/chunk_builder.h"
#include "storage/bundle_reader.h"
#include "storage/test_policy.h"
#include "support/process.h"

namespace cleanroom {
namespace {

namespace fs = std::filesystem;
using testing::ProcessResult;
using testing::RunProcess;
using testing::ScratchDir;

class PrepareCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(WriteFileAtomic(dir_ / "policy.json", policy_doc_.dump(2)).ok());
    ASSERT_TRUE(WriteFileAtomic(dir_ / "room.salt", Bytes(32, 7), 0600).ok());
    fs::copy_file(std::string(CLEANROOM_SOURCE_DIR) + "/examples/shopgood-newsnow/purchases.csv",
                  dir_ / "purchases.csv");
  }

  ProcessResult Prepare(const std::string& input, const std::string& dataset = "purchases",
                        const std::string& salt = "room.salt") {
    return RunProcess({CLEANROOM_BIN, "prepare", "--policy", "policy.json", "--dataset", dataset,
                       "--input", input, "--salt", salt, "--out", "bundle"},
                      dir_.path());
  }

  ProcessResult Verify() {
    return RunProcess({CLEANROOM_BIN, "bundle", "verify", "--policy", "policy.json", "--bundle",
                       "bundle", "--key", "bundle.key"},
                      dir_.path());
  }

  ScratchDir dir_;
  Json policy_doc_ = testing::TestPolicyJson();
};

TEST_F(PrepareCliTest, PreparesTheScenarioPurchases) {
  ProcessResult r = Prepare("purchases.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<std::string> lines;
  for (size_t at = 0; at < r.out.size();) {
    size_t nl = r.out.find('\n', at);
    lines.push_back(r.out.substr(at, nl - at));
    at = nl + 1;
  }
  ASSERT_EQ(lines.size(), 8u) << r.out;
  EXPECT_EQ(lines[0], "prepared dataset purchases of room fall25 into bundle");
  EXPECT_EQ(lines[1], "  rows         3 in 1 chunk of up to 65,536 rows");
  EXPECT_EQ(lines[2],
            "  identifiers  3 fingerprinted; rejected (no fingerprint, match nothing): 0 empty, 0 "
            "not an email address");
  EXPECT_EQ(lines[3],
            "  columns      email, purchase_date, total_spent; dropped (not written): customer_id");
  EXPECT_EQ(lines[4], "  nulls        purchase_date 0, total_spent 0");
  EXPECT_EQ(lines[5].rfind("  bytes        157 in, ", 0), 0u) << lines[5];
  EXPECT_EQ(lines[6].rfind("  time         ", 0), 0u) << lines[6];
  EXPECT_EQ(lines[7],
            "  key          bundle.key (mode 0600): keep it; release it only to an attested "
            "enclave");
  EXPECT_EQ(testing::ListDir(dir_.path()),
            (std::vector<std::string>{"bundle", "bundle.key", "policy.json", "purchases.csv",
                                      "room.salt"}));
  EXPECT_EQ(fs::status(dir_ / "bundle.key").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  Policy policy = testing::TestPolicy(policy_doc_);
  auto reader = BundleReader::Open(dir_ / "bundle", dir_ / "bundle.key", policy);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  auto cols = (*reader)->ReadChunk(0, {"total_spent", "purchase_date"});
  ASSERT_TRUE(cols.ok());
  EXPECT_EQ((*cols)[0].ints, (std::vector<int64_t>{755000, 1200000, 322500}));
  EXPECT_EQ((*cols)[1].ints, (std::vector<int64_t>{20373, 20375, 20376}));

  ProcessResult v = Verify();
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_EQ(v.out,
            "bundle bundle: dataset purchases of room fall25, 3 rows in 1 chunk, every "
            "chunk authentic\n");
}

TEST_F(PrepareCliTest, BadValueExitsSixNamingFileLineColumnAndLeavesNothing) {
  ASSERT_TRUE(
      WriteFileAtomic(dir_ / "bad.csv", std::string("customer_id,email,purchase_date,total_spent\n"
                                                    "789,alice@email.com,2025-10-12,$75.50\n"
                                                    "790,bob@email.com,2025-10-14,abc\n"))
          .ok());
  ProcessResult r = Prepare("bad.csv");
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: bad.csv:3:4 (total_spent): \"abc\" is not a decimal (expected e.g. 75.50 or "
            "$75.50)\n");
  EXPECT_EQ(testing::ListDir(dir_.path()),
            (std::vector<std::string>{"bad.csv", "policy.json", "purchases.csv", "room.salt"}));
}

TEST_F(PrepareCliTest, ValuesAndChunksTooLargeForTheEnclaveChannelExitSix) {
  // A chunk over the channel's 128 MiB frame once hung `run`; prepare now bounds both.
  const std::string header = "secret,email,n,amount,day,flag,label\n";
  auto row = [](size_t i, size_t label_bytes) {
    return "x,u" + std::to_string(i) + "@x.com,1,2.50,2025-10-12,true," +
           std::string(label_bytes, 'a') + "\n";
  };
  std::string one = header + row(0, 10) + row(1, kMaxFieldBytes + 1);
  ASSERT_TRUE(WriteFileAtomic(dir_ / "wide.csv", one).ok());
  ProcessResult wide = Prepare("wide.csv", "everything");
  EXPECT_EQ(wide.exit_code, 6);
  EXPECT_EQ(wide.err,
            "error: wide.csv:3:7 (label): a value of 1048577 bytes is over the limit of 1048576 "
            "bytes (1 MiB)\n");
  std::string many = header;
  for (size_t i = 0; i < 70; ++i) many += row(i, 1000000);  // 70 MB of labels
  ASSERT_TRUE(WriteFileAtomic(dir_ / "many.csv", many).ok());
  ProcessResult chunk = Prepare("many.csv", "everything");
  EXPECT_EQ(chunk.exit_code, 6);
  EXPECT_EQ(chunk.err,
            "error: many.csv:2-69: column label holds more than 67108864 bytes (64 MiB) in one "
            "chunk of 70 rows; prepare again with --chunk-rows 34 or fewer\n");
  EXPECT_FALSE(fs::exists(dir_ / "bundle"));
}

TEST_F(PrepareCliTest, MissingColumnExitsSix) {
  ASSERT_TRUE(WriteFileAtomic(dir_ / "bad.csv", std::string("email,purchase_date\n")).ok());
  ProcessResult r = Prepare("bad.csv");
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(r.err,
            "error: bad.csv:1: column 'customer_id' of dataset 'purchases' is missing from the "
            "header (the policy's columns: customer_id, email, purchase_date, total_spent)\n");
}

TEST_F(PrepareCliTest, TamperedBundleExitsFive) {
  ASSERT_EQ(Prepare("purchases.csv").exit_code, 0);
  std::string chunk = dir_ / "bundle/chunks/000000-002.bin";
  Bytes data = ReadBinaryFile(chunk).value();
  data[3] ^= 0x40;
  ASSERT_TRUE(WriteFileAtomic(chunk, data).ok());
  ProcessResult v = Verify();
  EXPECT_EQ(v.exit_code, 5);
  EXPECT_EQ(v.err,
            "error: bundle: chunk file chunks/000000-002.bin differs from the manifest's "
            "BLAKE2b-256\n");
}

TEST_F(PrepareCliTest, WrongKeyExitsFive) {
  ASSERT_EQ(Prepare("purchases.csv").exit_code, 0);
  ProcessResult other =
      RunProcess({CLEANROOM_BIN, "prepare", "--policy", "policy.json", "--dataset", "purchases",
                  "--input", "purchases.csv", "--salt", "room.salt", "--out", "other"},
                 dir_.path());
  ASSERT_EQ(other.exit_code, 0) << other.err;
  ProcessResult v = RunProcess({CLEANROOM_BIN, "bundle", "verify", "--policy", "policy.json",
                                "--bundle", "bundle", "--key", "other.key"},
                               dir_.path());
  EXPECT_EQ(v.exit_code, 5);
  EXPECT_EQ(v.err,
            "error: manifest.json failed authentication: the key is not this bundle's key, or "
            "the manifest was altered; prepare the bundle again\n");
}

TEST_F(PrepareCliTest, UsageAndEnvironmentErrors) {
  ProcessResult missing =
      RunProcess({CLEANROOM_BIN, "prepare", "--policy", "policy.json"}, dir_.path());
  EXPECT_EQ(missing.exit_code, 2);
  ProcessResult dataset = Prepare("purchases.csv", "nope");
  EXPECT_EQ(dataset.exit_code, 2);
  EXPECT_EQ(dataset.err,
            "error: the policy has no dataset 'nope' (it has: everything, exposures, phones, "
            "purchases)\n");
  ASSERT_TRUE(WriteFileAtomic(dir_ / "short.salt", Bytes(16, 1)).ok());
  ProcessResult salt = Prepare("purchases.csv", "purchases", "short.salt");
  EXPECT_EQ(salt.exit_code, 6);
  EXPECT_EQ(salt.err,
            "error: short.salt: a join salt is 32 bytes, this file has 16; use the room's salt "
            "from 'cleanroom salt --out room.salt'\n");
  ProcessResult no_input = Prepare("absent.csv");
  EXPECT_EQ(no_input.exit_code, 1);
  EXPECT_EQ(no_input.err, "error: absent.csv: cannot open: No such file or directory\n");
  ASSERT_EQ(Prepare("purchases.csv").exit_code, 0);
  ProcessResult again = Prepare("purchases.csv");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "error: bundle already exists; remove it or choose another --out\n");
}

}  // namespace
}  // namespace cleanroom

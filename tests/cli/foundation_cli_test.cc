// End-to-end: keygen, salt, measurement, policy sign/verify through the real binary, with
// the exit codes and messages of docs/cli.md.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <regex>

#include "common/file_io.h"
#include "crypto/sha256.h"
#include "support/cli.h"
#include "support/process.h"

namespace cleanroom {
namespace {

using testing::Cli;
using testing::ProcessResult;
using testing::RunProcess;
using testing::ScratchDir;

mode_t ModeOf(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? (st.st_mode & 0777) : 0;
}

// Makes two identities and the scenario policy with their keys and the real measurement.
void MakeRoom(const ScratchDir& dir) {
  ASSERT_EQ(Cli(dir, {"keygen", "--name", "shopgood", "--out", "shopgood.id"}).exit_code, 0);
  ASSERT_EQ(Cli(dir, {"keygen", "--name", "newsnow", "--out", "newsnow.id"}).exit_code, 0);
  std::string m = Cli(dir, {"measurement"}).out;
  m.pop_back();
  std::string tmpl = *ReadTextFile(std::string(CLEANROOM_SOURCE_DIR) +
                                   "/examples/shopgood-newsnow/policy.template.json");
  auto put = [&](const std::string& what, std::string value) {
    if (!value.empty() && value.back() == '\n') value.pop_back();
    tmpl = std::regex_replace(tmpl, std::regex(what), value);
  };
  put("@shopgood", *ReadTextFile(dir / "shopgood.pub"));
  put("@newsnow", *ReadTextFile(dir / "newsnow.pub"));
  put("@measurement", m);
  ASSERT_TRUE(WriteFileAtomic(dir / "policy.json", tmpl).ok());
}

TEST(FoundationCli, KeygenWritesSecretAndPublicFiles) {
  ScratchDir dir;
  ProcessResult r = Cli(dir, {"keygen", "--name", "shopgood", "--out", "shopgood.id"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_match(r.out, std::regex("ed25519:[A-Za-z0-9+/]{43}=\n")));
  EXPECT_EQ(*ReadTextFile(dir / "shopgood.pub"), r.out);
  EXPECT_EQ(ModeOf(dir / "shopgood.id"), 0600u);
  EXPECT_EQ(testing::ListDir(dir.path()),
            (std::vector<std::string>{"shopgood.id", "shopgood.pub"}));

  ProcessResult again = Cli(dir, {"keygen", "--name", "shopgood", "--out", "shopgood.id"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "error: refusing to overwrite existing identity shopgood.id\n");
}

TEST(FoundationCli, UsageErrorsExitTwo) {
  ScratchDir dir;
  ProcessResult missing = Cli(dir, {"keygen", "--name", "x"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "error: --out is required; run 'cleanroom --help' for usage\n");
  ProcessResult unknown = Cli(dir, {"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err,
            "error: unknown command 'frobnicate'; run 'cleanroom --help' for the list\n");
  EXPECT_EQ(Cli(dir, {"salt", "--out", "s", "--bogus"}).exit_code, 2);
  ProcessResult badname = Cli(dir, {"keygen", "--name", "a b", "--out", "x.id"});
  EXPECT_EQ(badname.exit_code, 2);
  EXPECT_TRUE(testing::ListDir(dir.path()).empty());
}

TEST(FoundationCli, SaltIs32SecretBytes) {
  ScratchDir dir;
  ProcessResult r = Cli(dir, {"salt", "--out", "room.salt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadBinaryFile(dir / "room.salt")->size(), 32u);
  EXPECT_EQ(ModeOf(dir / "room.salt"), 0600u);
  EXPECT_EQ(Cli(dir, {"salt", "--out", "room.salt"}).exit_code, 1);
}

TEST(FoundationCli, MeasurementIsTheEnclaveHash) {
  ScratchDir dir;
  ProcessResult r = Cli(dir, {"measurement"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Bytes enclave = *ReadBinaryFile(CLEANROOM_ENCLAVE_BIN);
  EXPECT_EQ(r.out, Sha256Tagged(Sha256(enclave)) + "\n");
}

TEST(FoundationCli, PolicySignAndVerify) {
  ScratchDir dir;
  MakeRoom(dir);
  ProcessResult none = Cli(dir, {"policy", "verify", "policy.json"});
  EXPECT_EQ(none.exit_code, 5);
  EXPECT_NE(none.err.find("is not active: not signed by newsnow, shopgood\n"), std::string::npos)
      << none.err;

  ASSERT_EQ(Cli(dir, {"policy", "sign", "policy.json", "--identity", "shopgood.id"}).exit_code, 0);
  ProcessResult half = Cli(dir, {"policy", "verify", "policy.json"});
  EXPECT_EQ(half.exit_code, 5);
  EXPECT_NE(half.err.find("not signed by newsnow\n"), std::string::npos) << half.err;

  ASSERT_EQ(Cli(dir, {"policy", "sign", "policy.json", "--identity", "newsnow.id"}).exit_code, 0);
  ProcessResult all = Cli(dir, {"policy", "verify", "policy.json"});
  EXPECT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("is signed by every party (2)"), std::string::npos);

  // Edit after signing: the signatures are over another version, and the message says which.
  std::string sigs = *ReadTextFile(dir / "policy.json.sigs");
  size_t at = sigs.find("sha256:");
  ASSERT_NE(at, std::string::npos);
  std::string listed = sigs.substr(at, 71);
  std::string text = *ReadTextFile(dir / "policy.json");
  text.replace(text.find("\"k_min\": 10"), 11, "\"k_min\": 2");
  ASSERT_TRUE(WriteFileAtomic(dir / "policy.json", text).ok());
  ProcessResult edited = Cli(dir, {"policy", "verify", "policy.json"});
  EXPECT_EQ(edited.exit_code, 5);
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      edited.err, m,
      std::regex("error: policy (sha256:[0-9a-f]{64}) of room fall25 is not active: its "
                 "signatures are over policy " +
                 listed +
                 " \\(the policy was changed after signing; every party must sign it "
                 "again\\)\n")))
      << edited.err;
  EXPECT_NE(m[1].str(), listed);
}

TEST(FoundationCli, APolicyWithARepeatedKeyIsRefusedBeforeAnyoneSigns) {
  // A signer reading the first k_min would sign a room that enforces the second.
  ScratchDir dir;
  MakeRoom(dir);
  std::string text = *ReadTextFile(dir / "policy.json");
  size_t at = text.find("\"k_min\": 10");
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "\"k_min\": 1, ");
  ASSERT_TRUE(WriteFileAtomic(dir / "policy.json", text).ok());
  size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + at, '\n'));
  size_t col = at + 12 - text.rfind('\n', at);
  ProcessResult r = Cli(dir, {"policy", "sign", "policy.json", "--identity", "shopgood.id"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(r.err, "error: policy.json:" + std::to_string(line) + ":" + std::to_string(col) +
                       ": duplicate key \"k_min\"\n");
  EXPECT_FALSE(FileExists(dir / "policy.json.sigs"));
}

TEST(FoundationCli, SignRefusesAnIdentityThatIsNotAParty) {
  ScratchDir dir;
  MakeRoom(dir);
  ASSERT_EQ(Cli(dir, {"keygen", "--name", "acme", "--out", "acme.id"}).exit_code, 0);
  ProcessResult r = Cli(dir, {"policy", "sign", "policy.json", "--identity", "acme.id"});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.err, "error: identity \"acme\" is not a party of room fall25\n");
  EXPECT_FALSE(FileExists(dir / "policy.json.sigs"));
}

TEST(FoundationCli, BadInputFilesExitSixOrOne) {
  ScratchDir dir;
  MakeRoom(dir);
  ASSERT_TRUE(WriteFileAtomic(dir / "broken.json", std::string_view("{\"room\": \n")).ok());
  ProcessResult json = Cli(dir, {"policy", "verify", "broken.json"});
  EXPECT_EQ(json.exit_code, 6);
  EXPECT_EQ(json.err.rfind("error: broken.json:2:1: invalid JSON: syntax error", 0), 0u)
      << json.err;

  std::string text = *ReadTextFile(dir / "policy.json");
  text.replace(text.find("\"role\": \"metric\""), 16, "\"role\": \"measure\"");
  ASSERT_TRUE(WriteFileAtomic(dir / "invalid.json", text).ok());
  ProcessResult invalid = Cli(dir, {"policy", "verify", "invalid.json"});
  EXPECT_EQ(invalid.exit_code, 6);
  EXPECT_EQ(invalid.err,
            "error: invalid.json: datasets.purchases.columns[3].role: unknown value \"measure\"; "
            "expected one of: identifier, dimension, metric, drop\n");

  ASSERT_TRUE(WriteFileAtomic(dir / "bad.id", std::string_view("not an identity\n"), 0600).ok());
  ProcessResult id = Cli(dir, {"policy", "sign", "policy.json", "--identity", "bad.id"});
  EXPECT_EQ(id.exit_code, 6);
  EXPECT_EQ(id.err,
            "error: bad.id:1: not a cleanroom identity file: expected the first line "
            "\"cleanroom-identity v1\"\n");

  ProcessResult missing = Cli(dir, {"policy", "verify", "nope.json"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "error: cannot open nope.json: No such file or directory\n");
  EXPECT_FALSE(FileExists(dir / "policy.json.sigs"));
}

}  // namespace
}  // namespace cleanroom

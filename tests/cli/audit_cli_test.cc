// End-to-end: `cleanroom audit verify --state DIR` through the real binary on a log built with
// the library: exit 0 with the summary, exit 5 naming the edited line, exit 1 without a log.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <vector>

#include "common/file_io.h"
#include "crypto/sha256.h"
#include "host/audit_log.h"
#include "support/cli.h"
#include "support/process.h"

namespace cleanroom {
namespace {

using testing::Cli;
using testing::ProcessResult;
using testing::RunProcess;
using testing::ScratchDir;

// Seven entries; lines 3, 4 and 6 are signed by the enclave attested at line 2.
std::string BuildLog(const std::string& state_dir) {
  auto log = AuditLog::Open(state_dir);
  EXPECT_TRUE(log.ok());
  Ed25519KeyPair enclave = Ed25519KeyPair::Generate();
  const std::string attestation = Sha256Tagged(Sha256("a report"));
  EnclaveAuditSigner signer(enclave, attestation);
  std::string head;
  auto add = [&](AuditEntry e) {
    auto h = log->Append(std::move(e));
    ASSERT_TRUE(h.ok()) << h.error().message;
    head = *h;
  };
  auto entry = [](std::string actor, std::string action, std::string decision) {
    AuditEntry e;
    e.actor = std::move(actor);
    e.action = std::move(action);
    e.decision = std::move(decision);
    return e;
  };
  add(entry("host", "room.activate", "allowed"));
  AuditEntry attest = entry("host", "attest", "accepted");
  attest.detail = Json{{"enclave_signing_key", enclave.public_key().ToText()},
                       {"attestation_sha256", attestation}};
  add(attest);
  AuditEntry q = entry("enclave", "query", "allowed");
  q.epsilon_spent = 0.5;
  add(*signer.Sign(q));
  add(*signer.Sign(entry("enclave", "key.release", "allowed")));
  add(entry("host", "query.rejected", "rejected"));
  add(*signer.Sign(q));
  add(entry("shopgood", "room.note", "recorded"));
  return head;
}

TEST(AuditCli, VerifyPrintsTheSummaryAndHead) {
  ScratchDir dir;
  std::string head = BuildLog(dir / "state");
  ProcessResult r = Cli(dir, {"audit", "verify", "--state", "state"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_match(
      r.out, std::regex("state/audit.jsonl: ok, 7 entries from \\S+Z to \\S+Z, 3 signed by the "
                        "enclave under 1 attestation\\(s\\), head " +
                        head + "\n")))
      << r.out;
  EXPECT_EQ(r.err, "");
}

TEST(AuditCli, EditedLineExitsFiveNamingIt) {
  ScratchDir dir;
  BuildLog(dir / "state");
  std::vector<std::string> lines;
  std::istringstream in(*ReadTextFile(dir / "state/audit.jsonl"));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 7u);
  size_t at = lines[4].find("\"rejected\"");
  ASSERT_NE(at, std::string::npos);
  lines[4].replace(at, 10, "\"allowed\"");
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  ASSERT_TRUE(WriteFileAtomic(dir / "state/audit.jsonl", text).ok());

  ProcessResult r = Cli(dir, {"audit", "verify", "--state", "state"});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.err, "error: audit.jsonl:5: hash does not match the entry (edited?)\n");
  EXPECT_EQ(r.out, "");
}

TEST(AuditCli, MissingLogExitsOne) {
  ScratchDir dir;
  ProcessResult r = Cli(dir, {"audit", "verify", "--state", "nowhere"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "error: no audit log at nowhere/audit.jsonl; pass the --state directory that "
            "'cleanroom run' used\n");
}

TEST(AuditCli, MissingSubcommandIsUsage) {
  ScratchDir dir;
  EXPECT_EQ(Cli(dir, {"audit"}).exit_code, 2);
  EXPECT_EQ(Cli(dir, {"audit", "verify", "--bogus"}).exit_code, 2);
}

}  // namespace
}  // namespace cleanroom

// The audit log: append/verify round trip, every tamper case giving its exact error, the
// enclave epochs (signatures, enclave_seq), Append refusing to break the chain, and concurrent
// appends from forked processes.
#include "host/audit_log.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <sstream>
#include <vector>

#include "common/canonical_json.h"
#include "common/file_io.h"
#include "crypto/sealed_box.h"
#include "crypto/sha256.h"
#include "support/process.h"

namespace cleanroom {
namespace {

using testing::ScratchDir;

AuditEntry HostEntry(const std::string& action, const std::string& decision,
                     const std::string& actor = kAuditActorHost) {
  AuditEntry e;
  e.actor = actor;
  e.action = action;
  e.decision = decision;
  return e;
}

// Stands for the hash of the attestation report that vouches for `enclave`'s key.
std::string AttestationOf(const Ed25519KeyPair& enclave) {
  return Sha256Tagged(Sha256("report of " + enclave.public_key().ToText()));
}

AuditEntry AttestEntry(const Ed25519KeyPair& enclave) {
  AuditEntry e = HostEntry(kAuditActionAttest, "accepted");
  e.detail = Json{{"enclave_signing_key", enclave.public_key().ToText()},
                  {"attestation_sha256", AttestationOf(enclave)}};
  return e;
}

AuditEntry QueryEntry(const std::string& decision, double eps) {
  AuditEntry e = HostEntry("query", decision, kAuditActorEnclave);
  e.query_sha256 = Sha256Tagged(Sha256("SELECT COUNT(*) FROM purchases"));
  e.epsilon_spent = eps;
  return e;
}

std::vector<std::string> Lines(const std::string& path) {
  std::vector<std::string> lines;
  std::istringstream in(*ReadTextFile(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  ASSERT_TRUE(WriteFileAtomic(path, text).ok());
}

AuditEntry Parse(const std::string& line) {
  return *AuditEntry::FromJson(Json::parse(line), "test", /*chained=*/true);
}

std::string Serialise(const AuditEntry& e) { return *CanonicalJson(e.ToJson()); }

// What a host rewriting the log from line `from` (1-based) on would do: fix every prev, seq
// and hash so that the chain is consistent again.
void Rechain(std::vector<std::string>& lines, size_t from) {
  std::string prev = from == 1 ? kAuditGenesisPrev : Parse(lines[from - 2]).hash;
  for (size_t i = from - 1; i < lines.size(); ++i) {
    AuditEntry e = Parse(lines[i]);
    e.seq = i + 1;
    e.prev = prev;
    e.hash = *AuditEntryHash(e);
    prev = e.hash;
    lines[i] = Serialise(e);
  }
}

std::string VerifyError(const std::string& path) {
  auto r = VerifyAuditLog(path);
  if (r.ok()) return "(verified)";
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  return r.error().message;
}

// A room's life in ten entries: lines 4, 5, 7 and 8 are signed by the enclave attested at 2.
class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = AuditLog::Open(dir_ / "state");
    ASSERT_TRUE(log.ok()) << log.error().message;
    log_.emplace(std::move(*log));
    EnclaveAuditSigner signer(enclave_, AttestationOf(enclave_));
    auto add = [&](AuditEntry e) {
      auto h = log_->Append(std::move(e));
      ASSERT_TRUE(h.ok()) << h.error().message;
      hashes_.push_back(*h);
    };
    add(HostEntry("room.activate", "allowed"));
    add(AttestEntry(enclave_));
    add(HostEntry("key.release", "allowed", "shopgood"));
    add(*signer.Sign(QueryEntry("allowed", 0.5)));
    add(*signer.Sign(QueryEntry("rejected", 0)));
    AuditEntry rejected = HostEntry("query.rejected", "rejected", kAuditActorHost);
    rejected.detail = "SELECT * is not allowed";
    add(rejected);
    add(*signer.Sign(QueryEntry("allowed", 0.25)));
    add(*signer.Sign(QueryEntry("suppressed", 0.5)));
    add(HostEntry("room.note", "recorded"));
    add(HostEntry("room.note", "recorded", "newsnow"));
  }

  std::string path() const { return log_->path(); }

  ScratchDir dir_;
  Ed25519KeyPair enclave_ = Ed25519KeyPair::Generate();
  std::optional<AuditLog> log_;
  std::vector<std::string> hashes_;
};

TEST_F(AuditLogTest, RoundTripSummarisesTheLog) {
  EXPECT_EQ(path(), dir_ / "state/audit.jsonl");
  auto summary = VerifyAuditLog(path());
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->entries, 10u);
  EXPECT_EQ(summary->enclave_signed, 4u);
  EXPECT_EQ(summary->attestations, 1u);
  EXPECT_EQ(summary->head, hashes_.back());
  EXPECT_FALSE(summary->first_time.empty());
  EXPECT_LE(summary->first_time, summary->last_time);

  std::vector<std::string> lines = Lines(path());
  ASSERT_EQ(lines.size(), 10u);
  AuditEntry first = Parse(lines[0]);
  EXPECT_EQ(first.seq, 1u);
  EXPECT_EQ(first.prev, kAuditGenesisPrev);
  AuditEntry fourth = Parse(lines[3]);
  EXPECT_EQ(fourth.prev, hashes_[2]);
  EXPECT_EQ(fourth.hash, hashes_[3]);
  EXPECT_EQ(fourth.actor, "enclave");
  EXPECT_EQ(fourth.enclave_seq, 1u);
  EXPECT_TRUE(VerifyAuditSignature(fourth, enclave_.public_key()));
  // Each line is the canonical JSON of its entry.
  for (const auto& line : lines) EXPECT_EQ(Serialise(Parse(line)), line);
}

TEST_F(AuditLogTest, EditedFieldIsCaught) {
  std::vector<std::string> lines = Lines(path());
  lines[5].replace(lines[5].find("\"rejected\""), 10, "\"allowed\"");
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()), "audit.jsonl:6: hash does not match the entry (edited?)");
}

TEST_F(AuditLogTest, EditedEnclaveEntryFailsItsSignatureEvenWhenRechained) {
  std::vector<std::string> lines = Lines(path());
  AuditEntry e = Parse(lines[6]);
  e.epsilon_spent = 0.01;
  lines[6] = Serialise(e);
  Rechain(lines, 7);
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()),
            "audit.jsonl:7: enclave signature does not verify under the key attested at line 2 "
            "(edited or forged?)");
}

TEST_F(AuditLogTest, DroppedLineIsCaught) {
  std::vector<std::string> lines = Lines(path());
  lines.erase(lines.begin() + 5);
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()),
            "audit.jsonl:6: prev does not match line 5 (dropped or reordered?)");
}

TEST_F(AuditLogTest, DroppedFirstLineIsCaught) {
  std::vector<std::string> lines = Lines(path());
  lines.erase(lines.begin());
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()),
            "audit.jsonl:1: prev is not the genesis value (the log's start was dropped?)");
}

TEST_F(AuditLogTest, SwappedLinesAreCaught) {
  std::vector<std::string> lines = Lines(path());
  std::swap(lines[8], lines[9]);
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()),
            "audit.jsonl:9: prev does not match line 8 (dropped or reordered?)");
}

TEST_F(AuditLogTest, InsertedForgedLineIsCaught) {
  std::vector<std::string> lines = Lines(path());
  // A well-formed forgery that chains onto line 9: the line after it no longer does.
  AuditEntry forged = HostEntry("budget.reset", "allowed");
  forged.time = "2025-11-21T19:00:00Z";
  forged.seq = 10;
  forged.prev = Parse(lines[8]).hash;
  forged.hash = *AuditEntryHash(forged);
  lines.insert(lines.begin() + 9, Serialise(forged));
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()),
            "audit.jsonl:11: prev does not match line 10 (dropped or reordered?)");
}

TEST_F(AuditLogTest, ForgedEnclaveEntryIsCaughtEvenWhenRechained) {
  std::vector<std::string> lines = Lines(path());
  Ed25519KeyPair host_key = Ed25519KeyPair::Generate();
  EnclaveAuditSigner forger(host_key, AttestationOf(enclave_));  // claims the epoch
  AuditEntry forged = *forger.Sign(QueryEntry("allowed", 0));
  forged.enclave_seq = 5;
  forged.signature = host_key.Sign(AsBytes(*AuditSigningMessage(forged)));
  forged.seq = 11;
  forged.prev = Parse(lines[9]).hash;
  forged.hash = *AuditEntryHash(forged);
  lines.push_back(Serialise(forged));
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()),
            "audit.jsonl:11: enclave signature does not verify under the key attested at line 2 "
            "(edited or forged?)");
}

TEST_F(AuditLogTest, DroppedEnclaveEntryIsCaughtEvenWhenRechained) {
  std::vector<std::string> lines = Lines(path());
  lines.erase(lines.begin() + 4);  // enclave_seq 2
  Rechain(lines, 5);
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()),
            "audit.jsonl:6: enclave_seq is 3, expected 2 for the enclave attested at line 2 (an "
            "enclave entry was dropped, repeated or reordered)");
}

TEST_F(AuditLogTest, AlteredSignatureIsCaught) {
  std::vector<std::string> lines = Lines(path());
  AuditEntry a = Parse(lines[3]);
  a.signature = Parse(lines[4]).signature;  // a well-formed signature, over another entry
  lines[3] = Serialise(a);
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()),
            "audit.jsonl:4: enclave signature does not verify under the key attested at line 2 "
            "(edited or forged?)");
}

TEST_F(AuditLogTest, StrippedSignatureIsCaught) {
  std::vector<std::string> lines = Lines(path());
  AuditEntry a = Parse(lines[3]);
  a.signature.reset();
  lines[3] = Serialise(a);
  Rechain(lines, 4);
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()), "audit.jsonl:4: actor is enclave but there is no signature");
}

TEST_F(AuditLogTest, LineCutInTheMiddleIsCaught) {
  std::vector<std::string> lines = Lines(path());
  // Cut inside the hash string: the parser stops at the end of the line, in column size + 1.
  size_t cut = lines[4].find("\"hash\":\"sha256:") + 20;
  lines[4] = lines[4].substr(0, cut);
  WriteLines(path(), lines);
  EXPECT_EQ(
      VerifyError(path()),
      "audit.jsonl:5:" + std::to_string(cut + 1) +
          ": invalid JSON: syntax error while parsing value - invalid string: missing closing "
          "quote; last read: '\"sha256:" +
          lines[4].substr(cut - 5) + "' (cut or edited?)");
  lines[4] = "[1, 2]";
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()), "audit.jsonl:5: not a JSON object (cut or edited?)");
}

TEST_F(AuditLogTest, LinesRemovedFromTheMiddleAreCaught) {
  std::vector<std::string> lines = Lines(path());
  lines.erase(lines.begin() + 3, lines.begin() + 7);
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()),
            "audit.jsonl:4: prev does not match line 3 (dropped or reordered?)");
}

TEST_F(AuditLogTest, RenumberedSeqIsCaught) {
  std::vector<std::string> lines = Lines(path());
  AuditEntry e = Parse(lines[2]);
  e.seq = 7;
  e.hash = *AuditEntryHash(e);
  lines[2] = Serialise(e);
  Rechain(lines, 4);
  WriteLines(path(), lines);
  EXPECT_EQ(VerifyError(path()), "audit.jsonl:3: seq is 7, expected 3 (renumbered?)");
}

TEST_F(AuditLogTest, TornLastLineIsCaughtAndBlocksAppends) {
  std::string text = *ReadTextFile(path());
  ASSERT_TRUE(WriteFileAtomic(path(), text + "{\"seq\":11,").ok());
  const std::string torn =
      "audit.jsonl:11: the last line is incomplete (a torn write, or the log was cut)";
  EXPECT_EQ(VerifyError(path()), torn);
  auto r = log_->Append(HostEntry("room.note", "recorded"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(r.error().message, "refusing to append to a damaged audit log: " + torn +
                                   "; run 'cleanroom audit verify'");
  EXPECT_EQ(*ReadTextFile(path()), text + "{\"seq\":11,");
}

TEST_F(AuditLogTest, AppendRefusesEntriesThatWouldNotVerify) {
  auto unsigned_enclave = log_->Append(HostEntry("query", "allowed", kAuditActorEnclave));
  ASSERT_FALSE(unsigned_enclave.ok());
  EXPECT_EQ(unsigned_enclave.error().message,
            "refusing to append an entry that would not verify: audit.jsonl:11: actor is "
            "enclave but there is no signature");

  Ed25519KeyPair other = Ed25519KeyPair::Generate();
  EnclaveAuditSigner wrong(other, AttestationOf(enclave_));
  auto wrong_key = log_->AppendSigned(wrong.Sign(QueryEntry("allowed", 0.5))->SignedBody());
  ASSERT_FALSE(wrong_key.ok());
  EXPECT_EQ(wrong_key.error().message,
            "refusing to append an entry that would not verify: audit.jsonl:11: enclave "
            "signature does not verify under the key attested at line 2 (edited or forged?)");

  EnclaveAuditSigner replaying(enclave_, AttestationOf(enclave_));  // enclave_seq 1 again
  auto replay = log_->AppendSigned(replaying.Sign(QueryEntry("allowed", 0.5))->SignedBody());
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().message,
            "refusing to append an entry that would not verify: audit.jsonl:11: enclave_seq is "
            "1, expected 5 for the enclave attested at line 2 (an enclave entry was dropped, "
            "repeated or reordered)");

  auto unsigned_body = log_->AppendSigned(QueryEntry("allowed", 0.5).Body());
  ASSERT_FALSE(unsigned_body.ok());
  EXPECT_EQ(unsigned_body.error().code, ErrorCode::kIntegrity);

  EXPECT_EQ(Lines(path()).size(), 10u);
  EXPECT_EQ(VerifyAuditLog(path())->head, hashes_.back());
}

TEST_F(AuditLogTest, EnclavesRunningAtTheSameTimeInterleaveTheirEntries) {
  // Two runs on one state directory: the second enclave is attested (line 11) while the
  // first still has an answer to log. Each entry verifies under the epoch it names.
  Ed25519KeyPair next = Ed25519KeyPair::Generate();
  ASSERT_TRUE(log_->Append(AttestEntry(next)).ok());
  EnclaveAuditSigner first(enclave_, AttestationOf(enclave_));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(first.Sign(QueryEntry("allowed", 0)).ok());  // 1-4
  EnclaveAuditSigner second(next, AttestationOf(next));
  auto a = log_->AppendSigned(second.Sign(QueryEntry("allowed", 0.5))->SignedBody());
  ASSERT_TRUE(a.ok()) << a.error().message;
  auto b = log_->AppendSigned(first.Sign(QueryEntry("allowed", 0.5))->SignedBody());  // seq 5
  ASSERT_TRUE(b.ok()) << b.error().message;
  auto summary = VerifyAuditLog(path());
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->attestations, 2u);
  EXPECT_EQ(summary->enclave_signed, 6u);
  EXPECT_EQ(summary->head, *b);

  // An entry signed by one enclave but naming the other's attestation does not verify.
  EnclaveAuditSigner crossed(enclave_, AttestationOf(next));
  auto c = log_->AppendSigned(crossed.Sign(QueryEntry("allowed", 0.5))->SignedBody());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message,
            "refusing to append an entry that would not verify: audit.jsonl:14: enclave "
            "signature does not verify under the key attested at line 11 (edited or forged?)");
  // Nor does one naming an attestation the log never recorded.
  Ed25519KeyPair stranger = Ed25519KeyPair::Generate();
  EnclaveAuditSigner unknown(stranger, AttestationOf(stranger));
  auto u = log_->AppendSigned(unknown.Sign(QueryEntry("allowed", 0.5))->SignedBody());
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().message,
            "refusing to append an entry that would not verify: audit.jsonl:14: signed by the "
            "enclave of attestation " +
                AttestationOf(stranger) + ", which no earlier attest entry records");
  // Replaying an attest entry would restart its enclave's count, so it is refused.
  auto replay = log_->Append(AttestEntry(enclave_));
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().message,
            "refusing to append an entry that would not verify: audit.jsonl:14: attestation " +
                AttestationOf(enclave_) +
                " is already recorded at line 2 (a replayed attest entry?)");
}

TEST(AuditLog, SignedEntryWithoutAttestationIsRefused) {
  ScratchDir dir;
  auto log = AuditLog::Open(dir.path());
  ASSERT_TRUE(log.ok());
  Ed25519KeyPair key = Ed25519KeyPair::Generate();
  EnclaveAuditSigner signer(key, AttestationOf(key));
  auto r = log->Append(*signer.Sign(QueryEntry("allowed", 0.5)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "refusing to append an entry that would not verify: audit.jsonl:1: signed by the "
            "enclave of attestation " +
                AttestationOf(key) + ", which no earlier attest entry records");
}

TEST(AuditLog, AttestationEntryNamesTheReportAndItsKey) {
  Ed25519KeyPair platform = Ed25519KeyPair::Generate();
  Ed25519KeyPair signing = Ed25519KeyPair::Generate();
  X25519KeyPair encryption = X25519KeyPair::Generate();
  const std::string policy = Sha256Tagged(Sha256("policy"));
  const std::string measurement = Sha256Tagged(Sha256("enclave"));
  auto report = MakeSimulatedReport(platform, measurement, policy, signing.public_key(),
                                    encryption.public_key());
  ASSERT_TRUE(report.ok()) << report.error().message;
  AuditEntry e = AttestationAuditEntry(*report);
  EXPECT_EQ(e.action, "attest");
  EXPECT_EQ(e.detail["enclave_signing_key"], signing.public_key().ToText());
  EXPECT_EQ(e.detail["attestation_sha256"], report->Hash());
  EXPECT_EQ(e.detail["tee"], "simulated");

  ScratchDir dir;
  auto log = AuditLog::Open(dir.path());
  ASSERT_TRUE(log.ok());
  ASSERT_TRUE(log->Append(e).ok());
  EnclaveAuditSigner signer(signing, report->Hash());
  ASSERT_TRUE(log->Append(*signer.Sign(QueryEntry("allowed", 0.5))).ok());
  EXPECT_EQ(VerifyAuditLog(log->path())->enclave_signed, 1u);
}

TEST(AuditLog, EmptyAndMissingLogs) {
  ScratchDir dir;
  auto missing = VerifyAuditLog(dir / "nowhere/audit.jsonl");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  EXPECT_EQ(missing.error().message, "no audit log at " + (dir / "nowhere/audit.jsonl"));

  auto log = AuditLog::Open(dir / "a/b");  // creates the directories and an empty log
  ASSERT_TRUE(log.ok()) << log.error().message;
  auto empty = VerifyAuditLog(log->path());
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_EQ(empty->entries, 0u);
  EXPECT_EQ(empty->head, kAuditGenesisPrev);
}

TEST(AuditLog, ConcurrentAppendsFromForkedProcessesFormOneChain) {
  ScratchDir dir;
  constexpr int kProcesses = 4;
  constexpr int kPerProcess = 25;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto log = AuditLog::Open(dir.path());
      if (!log.ok()) _exit(2);
      for (int i = 0; i < kPerProcess; ++i) {
        AuditEntry e = HostEntry("room.note", "recorded", "party" + std::to_string(p));
        e.detail = Json{{"i", i}};
        if (!log->Append(std::move(e)).ok()) _exit(1);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  auto summary = VerifyAuditLog(dir / "audit.jsonl");
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->entries, uint64_t{kProcesses * kPerProcess});
  std::set<std::pair<std::string, int>> seen;
  for (const auto& line : Lines(dir / "audit.jsonl")) {
    AuditEntry e = Parse(line);
    seen.insert({e.actor, e.detail["i"].get<int>()});
  }
  EXPECT_EQ(seen.size(), size_t{kProcesses * kPerProcess});
}

}  // namespace
}  // namespace cleanroom

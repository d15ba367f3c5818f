// End to end: two real `cleanroom psi` processes over loopback, asserting exact outputs and
// exit codes, and a raw peer that sends an oversized frame.
#include <gtest/gtest.h>

#include <thread>

#include "common/file_io.h"
#include "common/json_util.h"
#include "psi/socket.h"
#include "support/process.h"

namespace cleanroom {
namespace {

using testing::ProcessResult;
using testing::RunProcess;
using testing::ScratchDir;

int FreePort() {
  auto l = psi::Listener::Listen({"127.0.0.1", 0});
  return l->port();
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

class PsiCli : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"alice", "bob", "carol"}) {
      ProcessResult r = RunProcess(
          {CLEANROOM_BIN, "keygen", "--name", name, "--out", dir_ / (std::string(name) + ".id")},
          dir_.path());
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    ASSERT_TRUE(WriteFileAtomic(dir_ / "alice.csv",
                                "email,name\n"
                                " Alice@x.com,a1\n"
                                "bob@x.com,b\n"
                                "carol@x.com,c\n"
                                "alice@x.com,a2\n"
                                ",nobody\n"
                                "dave@x.com,d\n")
                    .ok());
    ASSERT_TRUE(WriteFileAtomic(dir_ / "bob.csv",
                                "email,spent\n"
                                "alice@x.com,10\n"
                                "carol@x.com,20\n"
                                "erin@x.com,40\n"
                                "CAROL@x.com,5\n")
                    .ok());
  }

  std::string Pub(const std::string& name) { return Trim(*ReadTextFile(dir_ / (name + ".pub"))); }

  // Bob serves, `client` (alice unless told) connects; both with `common` flags.
  std::pair<ProcessResult, ProcessResult> Run(const std::vector<std::string>& serve_extra,
                                              const std::vector<std::string>& connect_extra,
                                              const std::string& client = "alice") {
    int port = FreePort();
    port_ = port;
    std::string addr = "127.0.0.1:" + std::to_string(port);
    std::vector<std::string> serve = {
        CLEANROOM_BIN, "psi",        "serve",     "--listen",    addr,    "--input",
        "bob.csv",     "--column",   "email",     "--normalize", "email", "--identity",
        "bob.id",      "--peer-key", "alice.pub", "--timeout",   "60"};
    serve.insert(serve.end(), serve_extra.begin(), serve_extra.end());
    std::vector<std::string> connect = {CLEANROOM_BIN, "psi",         "connect",    addr,
                                        "--input",     client_input_, "--column",   "email",
                                        "--normalize", "email",       "--identity", client + ".id",
                                        "--peer-key",  Pub("bob"),    "--timeout",  "60"};
    connect.insert(connect.end(), connect_extra.begin(), connect_extra.end());
    ProcessResult s;
    std::thread t([&] { s = RunProcess(serve, dir_.path()); });
    ProcessResult c = RunProcess(connect, dir_.path());
    t.join();
    return {s, c};
  }

  std::string Listening() { return "listening on 127.0.0.1:" + std::to_string(port_) + "\n"; }

  ScratchDir dir_;
  int port_ = 0;
  std::string client_input_ = "alice.csv";
};

TEST_F(PsiCli, IntersectionTheReceiverLearnsItsMatchedRows) {
  auto [s, c] = Run({"--reveal", "intersection"}, {"--reveal", "intersection"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(c.out,
            "row,email\n"
            "1, Alice@x.com\n"
            "3,carol@x.com\n"
            "4,alice@x.com\n");
  EXPECT_EQ(c.err,
            "psi intersection: intersection size 2 (ours: 6 rows, 4 distinct ids, 1 rejected; "
            "peer: 3 distinct ids)\n");
  EXPECT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out,
            "psi intersection: intersection size 2 (ours: 4 rows, 3 distinct ids, 0 rejected; "
            "peer: 4 distinct ids)\n");
  EXPECT_EQ(s.err, Listening());
}

TEST_F(PsiCli, SizeOnlyOnTheX25519Path) {
  auto [s, c] = Run({"--reveal", "size", "--group", "x25519"},
                    {"--reveal", "size", "--group", "x25519", "--json"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(c.out,
            "{\"distinct_ids\":4,\"intersection_size\":2,\"peer_distinct_ids\":3,"
            "\"rejected\":1,\"reveal\":\"size\",\"rows\":6}\n");
  EXPECT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out,
            "psi size: intersection size 2 (ours: 4 rows, 3 distinct ids, 0 rejected; peer: 4 "
            "distinct ids)\n");
}

TEST_F(PsiCli, CrosswalkGivesBothSidesTheSamePseudonyms) {
  auto [s, c] = Run({"--reveal", "crosswalk", "--json", "--output", "bob.json"},
                    {"--reveal", "crosswalk", "--json", "--output", "alice.json"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(c.out,
            "psi crosswalk: intersection size 2 (ours: 6 rows, 4 distinct ids, 1 rejected; "
            "peer: 3 distinct ids)\n");
  Json a = *ParseJsonFile(dir_ / "alice.json");
  Json b = *ParseJsonFile(dir_ / "bob.json");
  ASSERT_EQ(a["matches"].size(), 3u);
  ASSERT_EQ(b["matches"].size(), 3u);
  EXPECT_EQ(a["matches"][0]["row"], 1);
  EXPECT_EQ(a["matches"][0]["email"], " Alice@x.com");
  EXPECT_EQ(a["matches"][1]["row"], 3);
  EXPECT_EQ(a["matches"][2]["row"], 4);
  EXPECT_EQ(b["matches"][0]["row"], 1);
  EXPECT_EQ(b["matches"][1]["row"], 2);
  EXPECT_EQ(b["matches"][2]["row"], 4);
  std::string alice_p = a["matches"][0]["pseudonym"], carol_p = a["matches"][1]["pseudonym"];
  EXPECT_EQ(alice_p.size(), 32u);
  EXPECT_NE(alice_p, carol_p);
  EXPECT_EQ(a["matches"][2]["pseudonym"], alice_p);
  EXPECT_EQ(b["matches"][0]["pseudonym"], alice_p);
  EXPECT_EQ(b["matches"][1]["pseudonym"], carol_p);
  EXPECT_EQ(b["matches"][2]["pseudonym"], carol_p);
}

TEST_F(PsiCli, IntersectionSumAGetsTheSumBTheSize) {
  auto [s, c] = Run({"--reveal", "sum", "--value-column", "spent"}, {"--reveal", "sum"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(c.out,
            "psi sum: intersection size 2, sum 35 (ours: 6 rows, 4 distinct ids, 1 rejected; "
            "peer: 3 distinct ids)\n");
  EXPECT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out,
            "psi sum: intersection size 2 (ours: 4 rows, 3 distinct ids, 0 rejected; peer: 4 "
            "distinct ids)\n");
}

TEST_F(PsiCli, ThresholdRefusesBothWithExit4) {
  auto [s, c] = Run({"--reveal", "sum", "--value-column", "spent", "--k", "3"},
                    {"--reveal", "sum", "--k", "3"});
  const std::string msg =
      "error: the intersection is below the threshold k=3; no result is released\n";
  EXPECT_EQ(c.exit_code, 4);
  EXPECT_EQ(c.out, "");
  EXPECT_EQ(c.err, msg);
  EXPECT_EQ(s.exit_code, 4);
  EXPECT_EQ(s.err, Listening() + msg);
}

TEST_F(PsiCli, AnImpostorIsRefusedWithExit5) {
  auto [s, c] = Run({}, {}, "carol");
  std::string reason =
      "the peer's identity key is " + Pub("carol") + ", not the expected " + Pub("alice");
  EXPECT_EQ(s.exit_code, 5);
  EXPECT_EQ(s.err, Listening() + "error: " + reason + "\n");
  EXPECT_EQ(c.exit_code, 5);
  EXPECT_EQ(c.err, "error: peer ended the session: " + reason + "\n");
  EXPECT_EQ(c.out, "");
}

TEST_F(PsiCli, DifferentSettingsAreAUsageErrorOnBothSides) {
  auto [s, c] = Run({"--reveal", "size"}, {"--reveal", "intersection"});
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_EQ(s.err, Listening() +
                       "error: the peer's session settings differ: peer has "
                       "'reveal=intersection;group=x25519;k=0', we have "
                       "'reveal=size;group=x25519;k=0'\n");
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_EQ(c.err,
            "error: the peer's session settings differ: peer has "
            "'reveal=size;group=x25519;k=0', we have "
            "'reveal=intersection;group=x25519;k=0'\n");
}

TEST_F(PsiCli, BothWithValuesIsAUsageError) {
  client_input_ = "bob.csv";
  auto [s, c] = Run({"--reveal", "sum", "--value-column", "spent"},
                    {"--reveal", "sum", "--value-column", "spent"});
  // Both sides detect it; each reports its own view (or the peer's, if that arrives first).
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_NE(c.err.find("in --reveal sum exactly one party gives --value-column (both did)"),
            std::string::npos)
      << c.err;
}

TEST_F(PsiCli, UsageErrors) {
  ProcessResult r = RunProcess(
      {CLEANROOM_BIN, "psi", "connect", "127.0.0.1:1", "--input", "alice.csv", "--column", "email",
       "--identity", "alice.id", "--peer-key", "bob.pub", "--value-column", "name"},
      dir_.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: --value-column is only for --reveal sum\n");
  r = RunProcess({CLEANROOM_BIN, "psi", "connect", "nowhere", "--input", "alice.csv", "--column",
                  "email", "--identity", "alice.id", "--peer-key", "bob.pub"},
                 dir_.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: address 'nowhere' is not HOST:PORT (e.g. 127.0.0.1:9000)\n");
  r = RunProcess({CLEANROOM_BIN, "psi", "connect", "127.0.0.1:1", "--input", "alice.csv",
                  "--column", "phone", "--identity", "alice.id", "--peer-key", "bob.pub"},
                 dir_.path());
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(r.err, "error: alice.csv: no column 'phone' in the header (columns: email, name)\n");
}

TEST_F(PsiCli, AnOversizedFrameFromThePeerEndsTheSessionWithExit6) {
  auto listener = psi::Listener::Listen({"127.0.0.1", 0});
  ASSERT_TRUE(listener.ok());
  std::thread peer([&] {
    auto s = listener->Accept(30);
    ASSERT_TRUE(s.ok());
    auto hello = s->RecvFrame();
    ASSERT_TRUE(hello.ok());
    ASSERT_TRUE(s->SendAll(Bytes{0xff, 0xff, 0xff, 0xff}).ok());
    uint8_t b;
    while (s->RecvAll(std::span<uint8_t>(&b, 1)).ok()) {
    }
  });
  ProcessResult r = RunProcess(
      {CLEANROOM_BIN, "psi", "connect", "127.0.0.1:" + std::to_string(listener->port()), "--input",
       "alice.csv", "--column", "email", "--identity", "alice.id", "--peer-key", "bob.pub"},
      dir_.path());
  peer.join();
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: frame of 4294967295 bytes from peer exceeds the limit of 4194304 bytes\n");
}

}  // namespace
}  // namespace cleanroom

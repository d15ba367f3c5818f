// End-to-end: `cleanroom run`, `verify`, `audit verify` and `demo` through the real binaries,
// with the scenario's data — the exact answer, DP suppression and budget, and every tamper
// case of issue 6 giving exit 5.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <thread>
#include <vector>

#include "common/file_io.h"
#include "common/json_util.h"
#include "storage/manifest.h"
#include "support/cli.h"
#include "support/process.h"

namespace cleanroom {
namespace {

using testing::ProcessResult;
using testing::RunProcess;
using testing::ScratchDir;

constexpr const char* kAttribution =
    "SELECT e.campaign_id, COUNT(DISTINCT p.email) AS converted_users, SUM(p.total_spent) AS "
    "total_revenue FROM exposures e JOIN purchases p ON e.email = p.email WHERE e.exposure_date < "
    "p.purchase_date GROUP BY e.campaign_id";

std::string Example(const std::string& name) {
  return std::string(CLEANROOM_SOURCE_DIR) + "/examples/shopgood-newsnow/" + name;
}

class RunCliTest : public ::testing::Test {
 protected:
  ProcessResult Cli(std::vector<std::string> args) { return testing::Cli(dir_, std::move(args)); }

  // A room over the scenario's CSVs. `edit` changes the policy before both parties sign it.
  void MakeRoom(const std::function<void(Json&)>& edit = nullptr,
                const std::string& chunk_rows = "65536") {
    ASSERT_EQ(Cli({"keygen", "--name", "shopgood", "--out", "shopgood.id"}).exit_code, 0);
    ASSERT_EQ(Cli({"keygen", "--name", "newsnow", "--out", "newsnow.id"}).exit_code, 0);
    ASSERT_EQ(Cli({"salt", "--out", "room.salt"}).exit_code, 0);
    std::string m = Cli({"measurement"}).out;
    m.pop_back();
    std::string text = *ReadTextFile(Example("policy.template.json"));
    auto pub = [&](const std::string& who) {
      std::string k = *ReadTextFile(dir_ / (who + ".pub"));
      k.pop_back();
      return k;
    };
    text = std::regex_replace(text, std::regex("@shopgood"), pub("shopgood"));
    text = std::regex_replace(text, std::regex("@newsnow"), pub("newsnow"));
    text = std::regex_replace(text, std::regex("@measurement"), m);
    Json policy = Json::parse(text);
    if (edit) edit(policy);
    ASSERT_TRUE(WriteFileAtomic(dir_ / "policy.json", policy.dump(2)).ok());
    ASSERT_EQ(Cli({"policy", "sign", "policy.json", "--identity", "shopgood.id"}).exit_code, 0);
    ASSERT_EQ(Cli({"policy", "sign", "policy.json", "--identity", "newsnow.id"}).exit_code, 0);
    for (const char* ds : {"purchases", "exposures"}) {
      ProcessResult p = Cli({"prepare", "--policy", "policy.json", "--dataset", ds, "--input",
                             Example(std::string(ds) + ".csv"), "--salt", "room.salt", "--out",
                             std::string(ds) + ".bundle", "--chunk-rows", chunk_rows});
      ASSERT_EQ(p.exit_code, 0) << p.err;
    }
  }

  static void Exact(Json& p) {
    p["privacy"]["dp"] = nullptr;
    p["privacy"]["k_min"] = 1;
  }

  ProcessResult Run(const std::string& sql, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"run",
                                     "--policy",
                                     "policy.json",
                                     "--data",
                                     "purchases=purchases.bundle:purchases.bundle.key",
                                     "--data",
                                     "exposures=exposures.bundle:exposures.bundle.key",
                                     "--as",
                                     "shopgood.id",
                                     "--purpose",
                                     "measurement"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(sql);
    return Cli(args);
  }

  ScratchDir dir_;
};

TEST_F(RunCliTest, ExactAnswerSignedVerifiedAndAudited) {
  MakeRoom(Exact);
  ProcessResult r = Run(kAttribution, {"--json", "--attestation-out", "att.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json result = Json::parse(r.out);
  EXPECT_EQ(result["columns"], Json::parse(R"(["campaign_id","converted_users","total_revenue"])"));
  EXPECT_EQ(result["rows"], Json::parse(R"([["sg_fall25", 2, 107.75]])"));
  EXPECT_EQ(result["privacy"]["k_min"], 1);
  EXPECT_EQ(result["tee"], "simulated");
  ASSERT_TRUE(WriteFileAtomic(dir_ / "result.json", r.out).ok());

  ProcessResult v = Cli({"verify", "result.json", "--attestation", "att.json", "--allow-simulated",
                         "--policy", "policy.json"});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_EQ(
      v.out.rfind("verified: result.json was signed by the enclave attested in att.json\n", 0), 0u);
  ProcessResult a = Cli({"audit", "verify", "--state", ".cleanroom"});
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.out.find("ok, 4 entries"), std::string::npos) << a.out;

  // The audience-overlap query: Bob spent over $100 but was never exposed.
  ProcessResult o =
      Run("SELECT COUNT(DISTINCT p.email) AS overlap_count FROM exposures e JOIN purchases p "
          "ON e.email = p.email WHERE p.total_spent > 100.00",
          {"--json"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(Json::parse(o.out)["rows"], Json::parse("[[0]]"));
}

// "line:col" of byte `at` in `text`, as the parsers print it.
std::string LineCol(const std::string& text, size_t at) {
  size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + at, '\n'));
  size_t start = text.rfind('\n', at);
  size_t col = start == std::string::npos ? at + 1 : at - start;
  return std::to_string(line) + ":" + std::to_string(col);
}

TEST_F(RunCliTest, ARepeatedKeyInAResultOrALogLineIsAnIntegrityFailure) {
  // A result whose forged "rows" come first: a reader that keeps the first value would show
  // them, one that keeps the last would verify the signature. Neither reads it.
  MakeRoom(Exact);
  ProcessResult r = Run(kAttribution, {"--json", "--attestation-out", "att.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string forged = r.out;
  forged.insert(forged.find('{') + 1, "\"rows\": [[\"sg_fall25\", 999, 1.0]], ");
  ASSERT_TRUE(WriteFileAtomic(dir_ / "result.json", forged).ok());
  size_t second = forged.find("\"rows\"", forged.find("\"rows\"") + 1);
  ProcessResult v = Cli({"verify", "result.json", "--attestation", "att.json", "--allow-simulated",
                         "--policy", "policy.json"});
  EXPECT_EQ(v.exit_code, 5);
  EXPECT_EQ(v.err, "error: result.json:" + LineCol(forged, second) + ": duplicate key \"rows\"\n");
  EXPECT_EQ(v.out, "");

  // A result nested 50,000 deep used to overflow the stack while it was copied.
  ASSERT_TRUE(
      WriteFileAtomic(dir_ / "result.json", std::string(50000, '[') + std::string(50000, ']'))
          .ok());
  ProcessResult deep = Cli({"verify", "result.json", "--attestation", "att.json",
                            "--allow-simulated", "--policy", "policy.json"});
  EXPECT_EQ(deep.exit_code, 5);
  EXPECT_EQ(deep.err, "error: result.json:1:65: nested deeper than 64 levels\n");

  // A log line nested 50,000 deep is refused at its line, without a crash.
  std::string log = *ReadTextFile(dir_ / ".cleanroom/audit.jsonl");
  size_t lines = static_cast<size_t>(std::count(log.begin(), log.end(), '\n'));
  log += std::string(50000, '[') + std::string(50000, ']') + "\n";
  ASSERT_TRUE(WriteFileAtomic(dir_ / ".cleanroom/audit.jsonl", log).ok());
  ProcessResult a = Cli({"audit", "verify", "--state", ".cleanroom"});
  EXPECT_EQ(a.exit_code, 5);
  EXPECT_EQ(a.err, "error: audit.jsonl:" + std::to_string(lines + 1) +
                       ":65: nested deeper than 64 levels (cut or edited?)\n");
}

TEST_F(RunCliTest, TheTallestExpressionTheParserTakesCrossesIntoTheEnclave) {
  // The plan's wire form nests two JSON levels per expression level: the enclave's reader must
  // take what the parser takes (sql::kMaxPlanJsonDepth), and the parser's limit is exact.
  MakeRoom(Exact);
  auto query = [](int additions) {
    std::string chain = "total_spent";
    for (int i = 0; i < additions; ++i) chain += " + 0";
    return "SELECT COUNT(*) AS n FROM purchases WHERE " + chain + " > 100";
  };
  ProcessResult tallest = Run(query(198), {"--json"});  // 198 additions + the comparison: 200
  ASSERT_EQ(tallest.exit_code, 0) << tallest.err;
  EXPECT_EQ(Json::parse(tallest.out)["rows"], Json::parse("[[1]]"));
  ProcessResult taller = Run(query(199), {"--json"});
  EXPECT_EQ(taller.exit_code, 3);
  EXPECT_NE(taller.err.find("expression too deep: more than 200 operators nested in one another"),
            std::string::npos)
      << taller.err;
}

TEST_F(RunCliTest, HumanOutputIsATable) {
  MakeRoom(Exact);
  ProcessResult r = Run(kAttribution);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "campaign_id | converted_users | total_revenue\n"
            "------------+-----------------+--------------\n"
            "sg_fall25   | 2               | 107.75       \n"
            "(1 row)\n"
            "privacy: k_min 1, no differential privacy in this room's policy (exact answers)\n"
            "enclave: simulated TEE (protects nothing against the host's operator)\n");
}

TEST_F(RunCliTest, DpSuppressesSmallGroupsAndChargesTheBudget) {
  MakeRoom();
  ProcessResult r = Run(kAttribution, {"--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json result = Json::parse(r.out);
  EXPECT_EQ(result["rows"], Json::array());  // two people: far below k = 10
  EXPECT_EQ(result["privacy"]["epsilon_spent"], 0.5);
  EXPECT_EQ(result["privacy"]["epsilon_remaining"], 2.5);
  EXPECT_EQ(result["privacy"]["noise"]["converted_users"]["mechanism"], "discrete_laplace");
  EXPECT_EQ(result["privacy"]["noise"]["converted_users"]["scale"], 6.0);

  ProcessResult cap = Run(kAttribution, {"--epsilon", "0.8"});
  EXPECT_EQ(cap.exit_code, 4);
  EXPECT_NE(cap.err.find("over the per-query cap"), std::string::npos) << cap.err;

  for (int i = 0; i < 5; ++i) ASSERT_EQ(Run(kAttribution).exit_code, 0);  // 3.0 spent
  ProcessResult out = Run(kAttribution);
  EXPECT_EQ(out.exit_code, 4);
  EXPECT_NE(out.err.find("budget"), std::string::npos) << out.err;
  EXPECT_EQ(Cli({"audit", "verify", "--state", ".cleanroom"}).exit_code, 0);
}

TEST_F(RunCliTest, ParallelRunsOnOneStateEachDeliverWhatTheyPaidFor) {
  // Ten runs at once on one --state with budget for six (3.0 / 0.5): the ledger serialises the
  // charges, the log interleaves the enclaves' entries, and every paid answer is delivered.
  MakeRoom();
  constexpr int kRuns = 10;
  std::vector<ProcessResult> results(kRuns);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRuns; ++i) {
    threads.emplace_back([&, i] { results[i] = Run(kAttribution, {"--json"}); });
  }
  for (auto& t : threads) t.join();
  std::multiset<double> remaining;
  int refused = 0;
  for (const ProcessResult& r : results) {
    if (r.exit_code == 0) {
      Json result = Json::parse(r.out);
      EXPECT_EQ(result["privacy"]["epsilon_spent"], 0.5);
      remaining.insert(result["privacy"]["epsilon_remaining"].get<double>());
    } else {
      EXPECT_EQ(r.exit_code, 4) << r.err;
      EXPECT_NE(r.err.find("budget"), std::string::npos) << r.err;
      ++refused;
    }
  }
  // Each answer saw the ledger after its own charge: six distinct balances, down to zero.
  EXPECT_EQ(remaining, (std::multiset<double>{0.0, 0.5, 1.0, 1.5, 2.0, 2.5}));
  EXPECT_EQ(refused, kRuns - 6);
  ProcessResult a = Cli({"audit", "verify", "--state", ".cleanroom"});
  EXPECT_EQ(a.exit_code, 0) << a.err;
  // A run that finds the budget gone before it starts is refused before any enclave starts.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(a.out, m,
                                std::regex(", 6 signed by the enclave under (\\d+) "
                                           "attestation\\(s\\)")))
      << a.out;
  EXPECT_GE(std::stoi(m[1].str()), 6);
  EXPECT_LE(std::stoi(m[1].str()), kRuns);
}

TEST_F(RunCliTest, StaticRulesExitThree) {
  MakeRoom(Exact);
  ProcessResult star = Run("SELECT * FROM purchases");
  EXPECT_EQ(star.exit_code, 3);
  EXPECT_EQ(star.err,
            "error: 1:8: rule no-select-star: SELECT * would output rows; list group columns and "
            "aggregates\n");
  ProcessResult id = Run("SELECT p.email, COUNT(*) FROM purchases p GROUP BY p.email");
  EXPECT_EQ(id.exit_code, 3);
}

TEST_F(RunCliTest, TamperedChunksAreIntegrityFailures) {
  MakeRoom(Exact, "1");  // one row per chunk: several chunks per column
  namespace fs = std::filesystem;
  std::string chunks = dir_ / "purchases.bundle/chunks";
  std::vector<std::string> files = testing::ListDir(chunks);
  ASSERT_GE(files.size(), 6u);
  std::string first = chunks + "/" + files[0];
  Bytes original = *ReadBinaryFile(first);

  Bytes flipped = original;
  flipped[flipped.size() / 2] ^= 0x01;
  ASSERT_TRUE(WriteFileAtomic(first, flipped).ok());
  ProcessResult f = Run(kAttribution);
  EXPECT_EQ(f.exit_code, 5) << f.err;

  // Swap chunk 0 and chunk 1 of the same column.
  ASSERT_TRUE(WriteFileAtomic(first, original).ok());
  std::string a = dir_ / ("purchases.bundle/" + BundleManifest::ChunkFileName(0, 0));
  std::string b = dir_ / ("purchases.bundle/" + BundleManifest::ChunkFileName(1, 0));
  Bytes ba = *ReadBinaryFile(a), bb = *ReadBinaryFile(b);
  ASSERT_TRUE(WriteFileAtomic(a, bb).ok());
  ASSERT_TRUE(WriteFileAtomic(b, ba).ok());
  ProcessResult s = Run(kAttribution);
  EXPECT_EQ(s.exit_code, 5) << s.err;

  // A missing chunk.
  ASSERT_TRUE(WriteFileAtomic(a, ba).ok());
  ASSERT_TRUE(WriteFileAtomic(b, bb).ok());
  ASSERT_EQ(Run(kAttribution).exit_code, 0);
  fs::remove(b);
  ProcessResult m = Run(kAttribution);
  EXPECT_EQ(m.exit_code, 5) << m.err;
}

TEST_F(RunCliTest, AChunkThatIsNotARegularFileIsRefusedAtOnce) {
  // A FIFO used to hang `run` (open waited for a writer); a link to /dev/zero made the host
  // read until it ran out of memory. Both are refused without reading: exit 5.
  MakeRoom(Exact);
  std::string chunk = dir_ / ("purchases.bundle/" + BundleManifest::ChunkFileName(0, 0));
  std::string name = BundleManifest::ChunkFileName(0, 0);
  ASSERT_EQ(std::remove(chunk.c_str()), 0);
  ASSERT_EQ(mkfifo(chunk.c_str(), 0600), 0);
  ProcessResult fifo = Run(kAttribution);
  EXPECT_EQ(fifo.exit_code, 5) << fifo.err;
  EXPECT_EQ(fifo.err, "error: bundle purchases.bundle is missing " + name +
                          " (cannot read purchases.bundle/" + name + ": not a regular file)\n");
  ASSERT_EQ(std::remove(chunk.c_str()), 0);
  ASSERT_EQ(symlink("/dev/zero", chunk.c_str()), 0);
  ProcessResult zero = Run(kAttribution);
  EXPECT_EQ(zero.exit_code, 5) << zero.err;
  EXPECT_EQ(zero.err, fifo.err);
  // And `bundle verify`, which reads through the manifest's sizes, says the same kind of thing.
  ProcessResult verify = Cli({"bundle", "verify", "--policy", "policy.json", "--bundle",
                              "purchases.bundle", "--key", "purchases.bundle.key"});
  EXPECT_EQ(verify.exit_code, 5) << verify.err;
}

TEST_F(RunCliTest, WrongKeyIsAnIntegrityFailure) {
  MakeRoom(Exact);
  ProcessResult r = Cli({"run", "--policy", "policy.json", "--data",
                         "purchases=purchases.bundle:exposures.bundle.key", "--data",
                         "exposures=exposures.bundle:exposures.bundle.key", "--as", "shopgood.id",
                         "--purpose", "measurement", kAttribution});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.err,
            "error: exposures.bundle.key is the key of dataset exposures in room fall25, not of "
            "purchases in room fall25\n");
}

TEST_F(RunCliTest, PolicyTrustFailures) {
  MakeRoom(Exact);
  // Edited after signing.
  std::string text = *ReadTextFile(dir_ / "policy.json");
  ASSERT_TRUE(WriteFileAtomic(dir_ / "policy.json",
                              std::regex_replace(text, std::regex("\"k_min\": 1"), "\"k_min\": 2"))
                  .ok());
  ProcessResult edited = Run(kAttribution);
  EXPECT_EQ(edited.exit_code, 5);
  EXPECT_TRUE(std::regex_match(
      edited.err,
      std::regex("error: policy sha256:[0-9a-f]{64} of room fall25 is not active: its signatures "
                 "are over policy sha256:[0-9a-f]{64} \\(the policy was changed after signing; "
                 "every party must sign it again\\)\n")))
      << edited.err;

  // A missing signature.
  ASSERT_TRUE(WriteFileAtomic(dir_ / "policy.json", text).ok());
  Json sigs = Json::parse(*ReadTextFile(dir_ / "policy.json.sigs"));
  sigs["signatures"].erase("newsnow");
  ASSERT_TRUE(WriteFileAtomic(dir_ / "policy.json.sigs", sigs.dump()).ok());
  ProcessResult unsigned_run = Run(kAttribution);
  EXPECT_EQ(unsigned_run.exit_code, 5);
  EXPECT_NE(unsigned_run.err.find("is not active: not signed by newsnow"), std::string::npos);
}

TEST_F(RunCliTest, WrongMeasurementIsRefusedByTheEnclave) {
  MakeRoom([](Json& p) {
    Exact(p);
    p["enclave"]["measurement"] = "sha256:" + std::string(64, 'a');
  });
  ProcessResult r = Run(kAttribution);
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.err.rfind("error: wrong measurement: the policy expects enclave sha256:aaaa", 0), 0u)
      << r.err;
}

TEST_F(RunCliTest, SimulatedTeeNeedsConsent) {
  MakeRoom([](Json& p) {
    Exact(p);
    p["enclave"]["allow_simulated"] = false;
  });
  ProcessResult refused = Run(kAttribution);
  EXPECT_EQ(refused.exit_code, 5);
  EXPECT_NE(refused.err.find("simulated TEE"), std::string::npos) << refused.err;
  EXPECT_EQ(Run(kAttribution, {"--allow-simulated"}).exit_code, 0);
}

TEST_F(RunCliTest, ForgedResultFailsVerification) {
  MakeRoom(Exact);
  ProcessResult r = Run(kAttribution, {"--json", "--attestation-out", "att.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json forged = Json::parse(r.out);
  forged["rows"][0][1] = 3;
  ASSERT_TRUE(WriteFileAtomic(dir_ / "forged.json", forged.dump()).ok());
  ProcessResult v =
      Cli({"verify", "forged.json", "--attestation", "att.json", "--allow-simulated"});
  EXPECT_EQ(v.exit_code, 5);
  EXPECT_EQ(v.err,
            "error: forged.json: the result's signature does not verify under the attested enclave "
            "key (the result was altered, or another key signed it)\n");
  // Without consent to a simulated TEE, even the genuine result is refused.
  ASSERT_TRUE(WriteFileAtomic(dir_ / "result.json", r.out).ok());
  EXPECT_EQ(Cli({"verify", "result.json", "--attestation", "att.json"}).exit_code, 5);
}

TEST_F(RunCliTest, DemoRunsEndToEnd) {
  ProcessResult d = Cli({"demo", "--dir", "demo"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_NE(d.out.find("rejected (exit 3): 1:8: rule no-select-star"), std::string::npos);
  EXPECT_NE(d.out.find("sg_fall25"), std::string::npos);
  EXPECT_EQ(d.out.find("sg_pilot   |"), std::string::npos);  // suppressed, never a row
  EXPECT_NE(d.out.find("done. Everything is in demo/"), std::string::npos);
  EXPECT_EQ(Cli({"verify", "demo/attribution.json", "--attestation", "demo/attestation.json",
                 "--allow-simulated"})
                .exit_code,
            0);
  EXPECT_EQ(Cli({"audit", "verify", "--state", "demo/state"}).exit_code, 0);
}

}  // namespace
}  // namespace cleanroom

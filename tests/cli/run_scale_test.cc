// End-to-end at scale (issue 12): an attribution query over more than a million rows, with
// dozens of groups per person, through `cleanroom prepare` and `cleanroom run` — the real
// host and the real, seccomp-sandboxed enclave. Big enough that glibc's malloc trims the heaps
// of the engine's threads while the query runs (the path that opens
// /proc/sys/vm/overcommit_memory under the sandbox), and exact: the expected answer is
// computed here from the generator's formulas by a plain nested loop, not by the engine.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "common/file_io.h"
#include "common/json_util.h"
#include "support/cli.h"
#include "support/process.h"

namespace cleanroom {
namespace {

using testing::Cli;
using testing::ProcessResult;
using testing::ScratchDir;

// The data. Person i (0 <= i < kPeople) has kExposures exposures and kPurchases purchases.
// Exposure j is to campaign c<j % 10> on October (1 + (i + j / 10) % 28): ten campaigns on
// five days, so each person has 50 distinct (campaign, day) groups — far more than one,
// far fewer than max_groups_per_person (1000), so the engine never samples groups.
constexpr int kPeople = 20000;
constexpr int kExposures = 50;
constexpr int kPurchases = 2;
constexpr int kCampaigns = 10;

std::string Campaign(int j) { return "c" + std::to_string(j % kCampaigns); }
int ExposureDay(int i, int j) { return 1 + (i + j / kCampaigns) % 28; }
// Purchase k of person i: a day and an amount from a multiplicative hash of (i, k), so that
// the days are spread over the whole month with no arithmetic pattern.
uint64_t PurchaseHash(int i, int k) {
  uint64_t h = static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ULL +
               static_cast<uint64_t>(k + 1) * 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 29);
}
int PurchaseDay(int i, int k) { return 1 + static_cast<int>(PurchaseHash(i, k) % 28); }
// $1.00 to $500.99: one person's partial in one group is at most two purchases, far inside
// the policy's bounds, so nothing is ever clamped.
int64_t PurchaseCents(int i, int k) {
  return 100 + static_cast<int64_t>((PurchaseHash(i, k) >> 8) % 50000);
}

std::string October(int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "2025-10-%02d", day);
  return buf;
}

std::string Email(int i) { return "shopper" + std::to_string(i) + "@example.com"; }

std::string ExposuresCsv() {
  std::string s = "user_id,email,campaign_id,exposure_date\n";
  s.reserve(size_t{kPeople} * kExposures * 48);
  for (int i = 0; i < kPeople; ++i) {
    for (int j = 0; j < kExposures; ++j) {
      s += "u" + std::to_string(i) + "," + Email(i) + "," + Campaign(j) + "," +
           October(ExposureDay(i, j)) + "\n";
    }
  }
  return s;
}

std::string PurchasesCsv() {
  std::string s = "customer_id,email,purchase_date,total_spent\n";
  for (int i = 0; i < kPeople; ++i) {
    for (int k = 0; k < kPurchases; ++k) {
      // Every third buyer typed the address in capitals: normalisation must still join it.
      std::string email = Email(i);
      if (i % 3 == 0) {
        for (char& c : email) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      int64_t cents = PurchaseCents(i, k);
      char amount[32];
      std::snprintf(amount, sizeof amount, "%s%lld.%02lld", k == 0 ? "$" : "",
                    static_cast<long long>(cents / 100), static_cast<long long>(cents % 100));
      s += "p" + std::to_string(i * kPurchases + k) + "," + email + "," +
           October(PurchaseDay(i, k)) + "," + amount + "\n";
    }
  }
  return s;
}

// SELECT e.campaign_id, e.exposure_date, COUNT(DISTINCT p.email), COUNT(*), SUM(p.total_spent)
// ... WHERE e.exposure_date < p.purchase_date GROUP BY both, by a nested loop over the
// formulas above. Rows in (campaign_id, exposure_date) order.
Json ExpectedRows() {
  struct Cell {
    int64_t buyers = 0, pairs = 0, cents = 0;
  };
  std::map<std::pair<std::string, int>, Cell> cells;
  for (int i = 0; i < kPeople; ++i) {
    for (int j = 0; j < kExposures; ++j) {
      bool bought = false;
      Cell* cell = nullptr;
      for (int k = 0; k < kPurchases; ++k) {
        if (ExposureDay(i, j) >= PurchaseDay(i, k)) continue;
        if (cell == nullptr) cell = &cells[{Campaign(j), ExposureDay(i, j)}];
        ++cell->pairs;
        cell->cents += PurchaseCents(i, k);
        bought = true;
      }
      // (campaign, day) is unique per person: one exposure row each, so one buyer each.
      if (bought) ++cell->buyers;
    }
  }
  Json rows = Json::array();
  for (const auto& [key, cell] : cells) {
    rows.push_back(Json::array({key.first, October(key.second), cell.buyers, cell.pairs,
                                static_cast<double>(cell.cents) / 100.0}));
  }
  return rows;
}

TEST(RunAtScale, MillionRowAttributionWithManyGroupsPerPersonIsExact) {
  ScratchDir dir;
  ASSERT_TRUE(WriteFileAtomic(dir / "exposures.csv", ExposuresCsv()).ok());
  ASSERT_TRUE(WriteFileAtomic(dir / "purchases.csv", PurchasesCsv()).ok());

  ASSERT_EQ(Cli(dir, {"keygen", "--name", "shopgood", "--out", "shopgood.id"}).exit_code, 0);
  ASSERT_EQ(Cli(dir, {"keygen", "--name", "newsnow", "--out", "newsnow.id"}).exit_code, 0);
  ASSERT_EQ(Cli(dir, {"salt", "--out", "room.salt"}).exit_code, 0);
  std::string measurement = Cli(dir, {"measurement"}).out;
  measurement.pop_back();
  std::string text = *ReadTextFile(std::string(CLEANROOM_SOURCE_DIR) +
                                   "/examples/shopgood-newsnow/policy.template.json");
  for (const char* who : {"shopgood", "newsnow"}) {
    std::string key = *ReadTextFile(dir / (std::string(who) + ".pub"));
    key.pop_back();
    text = std::regex_replace(text, std::regex(std::string("@") + who), key);
  }
  text = std::regex_replace(text, std::regex("@measurement"), measurement);
  Json policy = Json::parse(text);
  // Exact answers (dp null, k 1), many groups per person allowed, bounds no partial reaches.
  policy["privacy"] = Json::parse(R"({"k_min": 1, "max_groups_per_person": 1000, "dp": null})");
  policy["datasets"]["purchases"]["columns"][3]["bounds"] = Json::array({0, 1000000});
  ASSERT_TRUE(WriteFileAtomic(dir / "policy.json", policy.dump(2)).ok());
  ASSERT_EQ(Cli(dir, {"policy", "sign", "policy.json", "--identity", "shopgood.id"}).exit_code, 0);
  ASSERT_EQ(Cli(dir, {"policy", "sign", "policy.json", "--identity", "newsnow.id"}).exit_code, 0);
  for (const char* ds : {"exposures", "purchases"}) {
    ProcessResult p = Cli(dir, {"prepare", "--policy", "policy.json", "--dataset", ds, "--input",
                                std::string(ds) + ".csv", "--salt", "room.salt", "--out",
                                std::string(ds) + ".bundle"});
    ASSERT_EQ(p.exit_code, 0) << p.err;
  }

  const std::vector<std::string> run = {
      "run",
      "--policy",
      "policy.json",
      "--data",
      "purchases=purchases.bundle:purchases.bundle.key",
      "--data",
      "exposures=exposures.bundle:exposures.bundle.key",
      "--as",
      "shopgood.id",
      "--purpose",
      "measurement",
      "--json",
      "SELECT e.campaign_id, e.exposure_date, COUNT(DISTINCT p.email) AS buyers, COUNT(*) AS "
      "pairs, SUM(p.total_spent) AS revenue FROM exposures e JOIN purchases p ON e.email = "
      "p.email WHERE e.exposure_date < p.purchase_date GROUP BY e.campaign_id, e.exposure_date "
      "ORDER BY e.campaign_id, e.exposure_date"};
  Json expected = ExpectedRows();
  // 10 campaigns x 27 days (nobody buys after October 28).
  ASSERT_EQ(expected.size(), 270u);

  // Twice: as a user runs it, and with glibc's trim threshold pinned at its default (128 KiB;
  // setting it switches off glibc's dynamic raising of it), so that the engine's threads
  // trim their heaps on every run, not only when the threads' timing lets the threshold
  // stay low. The enclave inherits the environment.
  for (const char* tunables : {"", "GLIBC_TUNABLES=glibc.malloc.trim_threshold=131072"}) {
    SCOPED_TRACE(tunables);
    std::vector<std::string> args = run;
    args.insert(args.begin(), {"/usr/bin/env", tunables, CLEANROOM_BIN});
    if (*tunables == '\0') args.erase(args.begin() + 1);
    auto start = std::chrono::steady_clock::now();
    ProcessResult r = testing::RunProcess(args, dir.path());
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    Json result = Json::parse(r.out);
    EXPECT_EQ(result["columns"],
              Json::parse(R"(["campaign_id","exposure_date","buyers","pairs","revenue"])"));
    EXPECT_EQ(result["rows"], expected);
    std::printf("run (%s): %d + %d rows, %zu groups, %.2f s\n", *tunables ? tunables : "as is",
                kPeople * kExposures, kPeople * kPurchases, expected.size(), seconds);
  }
}

}  // namespace
}  // namespace cleanroom

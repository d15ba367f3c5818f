// Benchmark: the attribution query of docs/sql.md on generated ShopGood/NewsNow data.
//   engine: prepare both CSVs into encrypted bundles, then run the plan over BundleReaders
//           (decryption of the needed columns included in the time), exact release, 2 threads;
//   SQLite: the same plaintext (emails normalised by the same normaliser, amounts as REAL),
//           loaded untimed, then the same SQL timed (SQLite builds its automatic index).
// Prints both answers, both times, the ratio and the peak RSS after the engine's run.
// Usage: engine_attribution_bench [EXPOSURES [PURCHASES [DIR]]]   (default 10M x 2M)
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "bench/data_generator.h"
#include "crypto/csprng.h"
#include "crypto/ed25519.h"
#include "engine/executor.h"
#include "ingest/normalize.h"
#include "ingest/prepare.h"
#include "sql/binder.h"
#include "storage/bundle_reader.h"

using namespace cleanroom;

namespace {

const char* kQuery =
    "SELECT e.campaign_id, COUNT(DISTINCT p.email) AS converted_users, SUM(p.total_spent) AS "
    "total_revenue FROM exposures e JOIN purchases p ON e.email = p.email WHERE "
    "e.exposure_date < p.purchase_date GROUP BY e.campaign_id ORDER BY e.campaign_id";

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
long PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}
void Die(const std::string& what) {
  std::cerr << "error: " << what << "\n";
  std::exit(1);
}

Policy MakePolicy() {
  Json j = Json::parse(R"({"room": "bench", "analysts": ["shopgood"],
    "enclave": {"measurement": "sha256:0000000000000000000000000000000000000000000000000000000000000000", "allow_simulated": true},
    "datasets": {
      "purchases": {"owner": "shopgood", "purposes": ["measurement"], "columns": [
        {"name": "customer_id", "type": "string", "role": "drop"},
        {"name": "email", "type": "string", "role": "identifier", "normalize": "email"},
        {"name": "purchase_date", "type": "date", "role": "dimension"},
        {"name": "total_spent", "type": "decimal", "role": "metric"}]},
      "exposures": {"owner": "newsnow", "purposes": ["measurement"], "columns": [
        {"name": "user_id", "type": "string", "role": "drop"},
        {"name": "email", "type": "string", "role": "identifier", "normalize": "email"},
        {"name": "campaign_id", "type": "string", "role": "dimension"},
        {"name": "exposure_date", "type": "date", "role": "dimension"}]}},
    "privacy": {"k_min": 1, "max_groups_per_person": 1000000, "dp": null}})");
  j["parties"]["shopgood"]["public_key"] = Ed25519KeyPair::Generate().public_key().ToText();
  j["parties"]["newsnow"]["public_key"] = Ed25519KeyPair::Generate().public_key().ToText();
  Result<Policy> p = Policy::FromJson(j, "bench-policy.json");
  if (!p.ok()) Die(p.error().message);
  return std::move(p).value();
}

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

// Loads FILE into TABLE: email normalised (NULL if it has no fingerprint), amounts as REAL.
// With `dump`, also writes the normalised rows as CSV there (for the DuckDB peer).
void LoadSqlite(sqlite3* db, const std::string& file, const std::string& table,
                std::ofstream* dump) {
  bool purchases = table == "purchases";
  std::string ddl =
      purchases ? "CREATE TABLE purchases (email TEXT, purchase_date TEXT, total_spent REAL)"
                : "CREATE TABLE exposures (email TEXT, campaign_id TEXT, exposure_date TEXT)";
  sqlite3_exec(db, ddl.c_str(), nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* st;
  sqlite3_prepare_v2(db, ("INSERT INTO " + table + " VALUES (?, ?, ?)").c_str(), -1, &st, nullptr);
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header: id,email,a,b
  while (std::getline(in, line)) {
    std::vector<std::string> f = Split(line);
    if (f.size() < 4) continue;
    sqlite3_reset(st);
    Result<std::string> email = NormalizeIdentifier(Normalizer::kEmail, f[1]);
    if (email.ok()) {
      sqlite3_bind_text(st, 1, email->c_str(), -1, SQLITE_TRANSIENT);
    } else {
      sqlite3_bind_null(st, 1);
    }
    if (dump != nullptr) {
      std::string amount = f[3];
      if (purchases && !amount.empty() && amount[0] == '$') amount.erase(0, 1);
      *dump << (email.ok() ? *email : std::string()) << ',' << f[2] << ',' << amount << '\n';
    }
    if (purchases) {
      sqlite3_bind_text(st, 2, f[2].c_str(), -1, SQLITE_TRANSIENT);
      std::string amount = f[3];
      if (!amount.empty() && amount[0] == '$') amount.erase(0, 1);
      if (amount.empty()) {
        sqlite3_bind_null(st, 3);
      } else {
        sqlite3_bind_double(st, 3, std::stod(amount));
      }
    } else {
      sqlite3_bind_text(st, 2, f[2].c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 3, f[3].c_str(), -1, SQLITE_TRANSIENT);
    }
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t exposures = argc > 1 ? std::stoull(argv[1]) : 10'000'000;
  uint64_t purchases = argc > 2 ? std::stoull(argv[2]) : 2'000'000;
  std::string dir = argc > 3 ? argv[3] : "/tmp/cleanroom-bench";
  // --keep: leave DIR/{exposures,purchases}.norm.csv (normalised plaintext) for the DuckDB peer.
  bool keep = argc > 4 && std::string(argv[4]) == "--keep";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Policy policy = MakePolicy();
  Bytes salt = RandomBytes(32);

  auto t0 = std::chrono::steady_clock::now();
  bench::ScenarioOptions gen;
  gen.exposure_rows = exposures;
  gen.purchase_rows = purchases;
  gen.seed = 42;
  Result<bench::ScenarioStats> stats =
      bench::WriteScenarioCsv(gen, dir + "/exposures.csv", dir + "/purchases.csv");
  if (!stats.ok()) Die(stats.error().message);
  std::printf("data: %llu exposures x %llu purchases (generated in %.1f s)\n",
              static_cast<unsigned long long>(exposures),
              static_cast<unsigned long long>(purchases), Seconds(t0));

  t0 = std::chrono::steady_clock::now();
  for (const char* ds : {"exposures", "purchases"}) {
    PrepareOptions o;
    o.input = dir + "/" + ds + ".csv";
    o.out_dir = dir + "/" + ds + ".bundle";
    Result<PrepareSummary> s = Prepare(policy, ds, salt, o);
    if (!s.ok()) Die(s.error().message);
  }
  std::printf("prepare (both bundles, untimed below): %.1f s\n", Seconds(t0));

  Result<sql::Plan> plan = sql::PlanQuery(kQuery, policy, "shopgood", "measurement");
  if (!plan.ok()) Die(plan.error().message);
  engine::SourceOpener open = [&](const std::string& name) -> Result<std::unique_ptr<TableSource>> {
    CR_ASSIGN_OR_RETURN(
        std::unique_ptr<BundleReader> r,
        BundleReader::Open(dir + "/" + name + ".bundle", dir + "/" + name + ".bundle.key", policy));
    return std::unique_ptr<TableSource>(std::move(r));
  };
  t0 = std::chrono::steady_clock::now();
  Result<engine::QueryResult> ours =
      engine::ExecutePlan(*plan, open, engine::ExactReleaseFor(*plan), engine::ExecOptions{});
  double engine_s = Seconds(t0);
  if (!ours.ok()) Die(ours.error().message);
  long engine_rss = PeakRssMb();
  std::printf("engine (decrypt + join + aggregate, 2 threads): %.2f s, peak RSS %ld MB\n", engine_s,
              engine_rss);
  Json answer = engine::ResultRowsToJson(*ours);
  for (const auto& row : answer["rows"]) {
    std::printf("  engine %s\n", row.dump().c_str());
  }

  sqlite3* db;
  sqlite3_open(":memory:", &db);
  t0 = std::chrono::steady_clock::now();
  {
    std::ofstream ex_dump, pu_dump;
    if (keep) {
      ex_dump.open(dir + "/exposures.norm.csv");
      pu_dump.open(dir + "/purchases.norm.csv");
    }
    LoadSqlite(db, dir + "/exposures.csv", "exposures", keep ? &ex_dump : nullptr);
    LoadSqlite(db, dir + "/purchases.csv", "purchases", keep ? &pu_dump : nullptr);
  }
  std::printf("sqlite load (untimed below): %.1f s\n", Seconds(t0));
  t0 = std::chrono::steady_clock::now();
  sqlite3_stmt* st;
  if (sqlite3_prepare_v2(db, kQuery, -1, &st, nullptr) != SQLITE_OK) Die(sqlite3_errmsg(db));
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::printf("  sqlite [\"%s\",%lld,%.2f]\n", sqlite3_column_text(st, 0),
                static_cast<long long>(sqlite3_column_int64(st, 1)), sqlite3_column_double(st, 2));
  }
  sqlite3_finalize(st);
  double sqlite_s = Seconds(t0);
  std::printf("sqlite (same SQL, in memory): %.2f s\n", sqlite_s);
  std::printf("ratio sqlite/engine: %.1fx\n", sqlite_s / engine_s);
  sqlite3_close(db);
  if (!keep) std::filesystem::remove_all(dir);
  return 0;
}

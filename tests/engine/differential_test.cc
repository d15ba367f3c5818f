// Differential test: random datasets and random contract-conforming queries, run through the
// engine and through SQLite on the same plaintext; the answers must agree row for row. The
// room is exact (dp null) but declares what only DP may use — metric bounds and
// max_groups_per_person 1 — so a clamp or a sample that leaked into exact answers is caught;
// k_min is 1, 2 or 3 per dataset round. How the data appears to SQLite: an identifier is its
// text (equal text <=> equal fingerprint), NULL when missing or empty — such a row joins
// nothing (as NULL in SQL) and counts in a one-dataset query (as in SQL), and for k it is a
// person of its own, which the SQLite query states as HAVING (COUNT(DISTINCT id) + COUNT(*) -
// COUNT(id)) >= k; decimals are REAL, dates 'YYYY-MM-DD'
// text, bools 0/1; LIKE is case-sensitive in both (PRAGMA case_sensitive_like). The query's
// ORDER BY is completed with the group columns so that both orders are total. The generator
// avoids what a REAL cannot decide like fixed point does: decimal literals have three places
// ending in 5 (never equal to a two-place value or its integer multiples), no decimal
// products of decimals, and no ORDER BY on SUM/AVG of decimals.
// CLEANROOM_DIFF_SEED / CLEANROOM_DIFF_ROUNDS override the seed and the number of datasets.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "engine/differential_gen.h"
#include "engine/engine_test_support.h"
#include "sql/sql_test_policy.h"

namespace cleanroom::engine {
namespace {

using Cell = MemoryTable::Cell;

// ---- SQLite side

struct Answer {
  std::vector<std::vector<std::string>> rows;  // cells as text; numbers via %.12g
};

std::string NumText(double v) {
  if (v == 0) v = 0;  // no "-0"
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err << "\n" << sql;
}

void LoadSqlite(sqlite3* db, const std::string& dataset,
                const std::vector<std::vector<Cell>>& rows) {
  std::string ddl = "CREATE TABLE " + dataset + " (email TEXT";
  std::string ins = "INSERT INTO " + dataset + " VALUES (?";
  for (const Column& c : Schema().at(dataset)) {
    ddl += ", " + c.name;
    ins += ", ?";
  }
  Exec(db, ddl + ")");
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, (ins + ")").c_str(), -1, &st, nullptr), SQLITE_OK);
  for (const auto& row : rows) {
    sqlite3_reset(st);
    for (size_t k = 0; k < row.size(); ++k) {
      int idx = static_cast<int>(k) + 1;
      if (!row[k] || (k == 0 && row[k]->empty())) {
        sqlite3_bind_null(st, idx);
        continue;
      }
      char kind = k == 0 ? 's' : Schema().at(dataset)[k - 1].kind;
      const std::string& v = *row[k];
      if (kind == 'm') {
        sqlite3_bind_double(st, idx, std::stod(v));
      } else if (kind == 'i' || kind == 'q') {
        sqlite3_bind_int64(st, idx, std::stoll(v));
      } else if (kind == 'b') {
        sqlite3_bind_int64(st, idx, v == "true" ? 1 : 0);
      } else {
        sqlite3_bind_text(st, idx, v.c_str(), -1, SQLITE_TRANSIENT);
      }
    }
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
  }
  sqlite3_finalize(st);
}

Result<Answer> RunSqlite(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    return MakeError(ErrorCode::kInternal, std::string("sqlite: ") + sqlite3_errmsg(db));
  }
  Answer a;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      switch (sqlite3_column_type(st, c)) {
        case SQLITE_NULL:
          row.push_back("NULL");
          break;
        case SQLITE_INTEGER:
          row.push_back(NumText(static_cast<double>(sqlite3_column_int64(st, c))));
          break;
        case SQLITE_FLOAT:
          row.push_back(NumText(sqlite3_column_double(st, c)));
          break;
        default:
          row.push_back(std::string("'") +
                        reinterpret_cast<const char*>(sqlite3_column_text(st, c)) + "'");
      }
    }
    a.rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return MakeError(ErrorCode::kInternal, "sqlite step failed");
  return a;
}

Answer FromEngine(const QueryResult& r) {
  Answer a;
  for (const auto& row : r.rows) {
    std::vector<std::string> out;
    for (const CellValue& v : row) {
      if (std::holds_alternative<int64_t>(v)) {
        out.push_back(NumText(static_cast<double>(std::get<int64_t>(v))));
      } else if (std::holds_alternative<double>(v)) {
        out.push_back(NumText(std::get<double>(v)));
      } else if (std::holds_alternative<std::string>(v)) {
        out.push_back("'" + std::get<std::string>(v) + "'");
      } else {
        out.push_back("NULL");
      }
    }
    a.rows.push_back(std::move(out));
  }
  return a;
}

std::string Show(const Answer& a) {
  std::string s;
  for (const auto& row : a.rows) {
    s += "  ";
    for (size_t c = 0; c < row.size(); ++c) s += (c ? " | " : "") + row[c];
    s += "\n";
  }
  return s.empty() ? "  (no rows)\n" : s;
}

// Four shards of four datasets x 125 queries each (2,000 queries), so ctest can run them in
// parallel; CLEANROOM_DIFF_ROUNDS sets the datasets per shard.
class Differential : public ::testing::TestWithParam<int> {};

TEST_P(Differential, EngineAgreesWithSqliteRowForRow) {
  uint64_t seed = std::getenv("CLEANROOM_DIFF_SEED")
                      ? std::strtoull(std::getenv("CLEANROOM_DIFF_SEED"), nullptr, 10)
                      : 20251012;
  int rounds =
      std::getenv("CLEANROOM_DIFF_ROUNDS") ? std::atoi(std::getenv("CLEANROOM_DIFF_ROUNDS")) : 4;
  const int kQueriesPerRound = 125;
  int compared = 0, nonempty = 0;
  for (int round = 0; round < rounds; ++round) {
    uint64_t round_seed = seed * 1000 + GetParam() * 100 + round;
    Gen gen(round_seed);
    const int64_t k_min = 1 + static_cast<int64_t>(gen.Pick(3));
    Policy policy = cleanroom::testing::MakeTestPolicy(
        {.k_min = k_min, .max_groups_per_person = 1, .bounds = true});
    size_t persons = 3 + gen.Pick(40);
    cleanroom::testing::Tables tables;
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
    Exec(db, "PRAGMA case_sensitive_like = ON");
    for (const std::string ds : {"purchases", "exposures"}) {
      auto rows = gen.Rows(ds, persons);
      auto t = MemoryTable::FromRows(*policy.FindDataset(ds), rows, 1 + gen.Pick(48));
      ASSERT_TRUE(t.ok()) << t.error().message;
      tables[ds] = *t;
      LoadSqlite(db, ds, rows);
    }
    for (int q = 0; q < kQueriesPerRound; ++q) {
      QuerySql query = RandomQuery(gen, k_min);
      ExecOptions options;
      options.threads = 1 + static_cast<int>(gen.Pick(2));
      options.batch_rows = 1 + gen.Pick(64);
      Result<QueryResult> ours = cleanroom::testing::RunExact(query.ours, policy, tables, options);
      ASSERT_TRUE(ours.ok()) << "seed " << round_seed << " query " << q << ": " << query.ours
                             << "\n"
                             << ours.error().message;
      Result<Answer> theirs = RunSqlite(db, query.sqlite);
      ASSERT_TRUE(theirs.ok()) << query.sqlite << "\n" << theirs.error().message;
      Answer mine = FromEngine(*ours);
      ASSERT_EQ(mine.rows, theirs->rows)
          << "seed " << round_seed << " (CLEANROOM_DIFF_SEED=" << seed << ") query " << q
          << "\n  engine: " << query.ours << "\n  sqlite: " << query.sqlite << "\nengine:\n"
          << Show(mine) << "sqlite:\n"
          << Show(*theirs);
      ++compared;
      nonempty += mine.rows.empty() ? 0 : 1;
    }
    sqlite3_close(db);
  }
  EXPECT_EQ(compared, rounds * kQueriesPerRound);
  EXPECT_GT(nonempty, compared / 2);
  std::printf("differential: %d queries agreed (%d with rows)\n", compared, nonempty);
}

INSTANTIATE_TEST_SUITE_P(Shards, Differential, ::testing::Range(0, 4));

}  // namespace
}  // namespace cleanroom::engine

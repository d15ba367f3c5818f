#include "host/budget_ledger.h"

#include <sqlite3.h>

#include <cstdint>
#include <utility>

namespace cleanroom {
namespace {

constexpr int kBusyTimeoutMs = 60000;

constexpr char kSchema[] =
    "CREATE TABLE IF NOT EXISTS budget_charges ("
    "  id INTEGER PRIMARY KEY,"
    "  room TEXT NOT NULL,"
    "  analyst TEXT NOT NULL,"
    "  epsilon_micros INTEGER NOT NULL CHECK (epsilon_micros > 0),"
    "  delta REAL NOT NULL CHECK (delta >= 0),"
    "  query_sha256 TEXT NOT NULL,"
    "  charged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', "
    "'now')));"
    "CREATE INDEX IF NOT EXISTS budget_charges_by_analyst ON budget_charges "
    "(room, analyst);";

Error DbError(sqlite3* db, const std::string& path, const std::string& what) {
  return MakeError(ErrorCode::kIo, "budget ledger " + path + ": " + what + ": " +
                                       (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
}

// A prepared statement, finalised on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return s_; }
  void BindText(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
};

struct Spent {
  int64_t micros = 0;
  double delta = 0;
};

Result<Spent> ReadSpent(sqlite3* db, const std::string& path, std::string_view room,
                        std::string_view analyst) {
  Stmt st(db,
          "SELECT COALESCE(SUM(epsilon_micros), 0), COALESCE(SUM(delta), 0.0) "
          "FROM budget_charges WHERE room = ?1 AND analyst = ?2");
  if (!st.ok()) return DbError(db, path, "reading the budget");
  st.BindText(1, room);
  st.BindText(2, analyst);
  if (sqlite3_step(st.get()) != SQLITE_ROW) return DbError(db, path, "reading the budget");
  return Spent{sqlite3_column_int64(st.get(), 0), sqlite3_column_double(st.get(), 1)};
}

bool Exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

}  // namespace

void BudgetLedger::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

BudgetLedger::BudgetLedger(BudgetLedger&&) noexcept = default;
BudgetLedger& BudgetLedger::operator=(BudgetLedger&&) noexcept = default;
BudgetLedger::~BudgetLedger() = default;

Result<BudgetLedger> BudgetLedger::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  BudgetLedger ledger(path, raw);
  if (rc != SQLITE_OK) return DbError(raw, path, "cannot open");
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  if (!Exec(raw, "PRAGMA synchronous = FULL")) return DbError(raw, path, "cannot set up");
  // Creating the schema takes the write lock like a charge does, so that
  // processes opening a new file at the same time queue on the busy timeout
  // instead of failing.
  if (!Exec(raw, "BEGIN IMMEDIATE")) return DbError(raw, path, "cannot lock");
  if (!Exec(raw, kSchema) || !Exec(raw, "COMMIT")) {
    Exec(raw, "ROLLBACK");
    return DbError(raw, path, "cannot set up");
  }
  return ledger;
}

Result<BudgetStatus> BudgetLedger::Load(std::string_view room, std::string_view analyst,
                                        const BudgetAccountant& rules) const {
  CR_ASSIGN_OR_RETURN(Spent s, ReadSpent(db_.get(), path_, room, analyst));
  return rules.StatusAfter(s.micros, s.delta);
}

Result<BudgetStatus> BudgetLedger::Charge(std::string_view room, std::string_view analyst,
                                          const BudgetAccountant& rules, const QueryCharge& charge,
                                          std::string_view query_sha256) {
  sqlite3* db = db_.get();
  // IMMEDIATE takes the write lock now: no other process can charge between our
  // read and our insert. The busy timeout queues concurrent chargers instead of
  // failing them.
  if (!Exec(db, "BEGIN IMMEDIATE")) return DbError(db, path_, "cannot lock");
  auto rollback = [&](Error e) {
    Exec(db, "ROLLBACK");
    return e;
  };
  Result<Spent> spent = ReadSpent(db, path_, room, analyst);
  if (!spent.ok()) return rollback(spent.error());
  Status fits = rules.CheckAffordable(spent->micros, charge);
  if (!fits.ok()) return rollback(fits.error());
  {
    Stmt ins(db,
             "INSERT INTO budget_charges (room, analyst, epsilon_micros, "
             "delta, query_sha256) "
             "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!ins.ok()) return rollback(DbError(db, path_, "recording the charge"));
    ins.BindText(1, room);
    ins.BindText(2, analyst);
    sqlite3_bind_int64(ins.get(), 3, charge.epsilon.micros());
    sqlite3_bind_double(ins.get(), 4, charge.delta);
    ins.BindText(5, query_sha256);
    if (sqlite3_step(ins.get()) != SQLITE_DONE) {
      return rollback(DbError(db, path_, "recording the charge"));
    }
  }
  // COMMIT returns after the journal and database are synced (synchronous =
  // FULL).
  if (!Exec(db, "COMMIT")) return rollback(DbError(db, path_, "committing the charge"));
  return rules.StatusAfter(spent->micros + charge.epsilon.micros(), spent->delta + charge.delta);
}

}  // namespace cleanroom

#include "engine/executor.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <thread>

#include "engine/evaluate.h"
#include "privacy/exact_release.h"
#include "privacy/noise_source.h"

namespace cleanroom::engine {
namespace {

using sql::Expr;
using sql::ExprKind;

void CollectTables(const Expr& e, std::vector<int>& out) {
  if (e.kind == ExprKind::kColumn && e.table >= 0) {
    if (std::find(out.begin(), out.end(), e.table) == out.end()) out.push_back(e.table);
  }
  for (const Expr& c : e.children) CollectTables(c, out);
}

void Conjuncts(const Expr& e, std::vector<const Expr*>& out) {
  if (e.kind == ExprKind::kBinary && e.op == sql::Op::kAnd) {
    Conjuncts(e.children[0], out);
    Conjuncts(e.children[1], out);
  } else {
    out.push_back(&e);
  }
}

std::optional<Expr> AndOf(const std::vector<const Expr*>& parts) {
  if (parts.empty()) return std::nullopt;
  Expr e = *parts[0];
  for (size_t i = 1; i < parts.size(); ++i) {
    Expr a;
    a.kind = ExprKind::kBinary;
    a.op = sql::Op::kAnd;
    a.type = ValueType::kBool;
    a.children.push_back(std::move(e));
    a.children.push_back(*parts[i]);
    e = std::move(a);
  }
  return e;
}

// One chunk (or one materialised table) of one plan table: fingerprints and plan columns.
struct TableRows {
  std::vector<Fingerprint> persons;
  std::vector<uint8_t> person_valid;
  std::vector<Vec> cols;  // in the order of PlanTable::columns
};

// A materialised build-side table with its hash index on fingerprints.
struct BuildTable {
  TableRows rows;
  std::vector<uint32_t> order;  // row ids grouped by fingerprint
  std::unordered_map<Fingerprint, std::pair<uint32_t, uint32_t>, FingerprintHash> index;
};

class Run {
 public:
  Run(const sql::Plan& plan, const SourceOpener& open, const ExecOptions& opt)
      : plan_(plan), open_(open), opt_(opt), n_tables_(plan.tables().size()) {}

  Result<AggregateTable> Go() {
    // Column positions, and WHERE split into per-table and residual conjuncts.
    for (const sql::PlanTable& t : plan_.tables()) {
      std::map<std::string, size_t> pos;
      for (size_t c = 0; c < t.columns.size(); ++c) pos[t.columns[c]] = c;
      col_pos_.push_back(std::move(pos));
    }
    std::vector<std::vector<const Expr*>> pushed(n_tables_);
    std::vector<const Expr*> residual;
    if (plan_.where()) {
      std::vector<const Expr*> parts;
      Conjuncts(*plan_.where(), parts);
      for (const Expr* p : parts) {
        std::vector<int> tables;
        CollectTables(*p, tables);
        if (tables.size() == 1) {
          pushed[tables[0]].push_back(p);
        } else {
          residual.push_back(p);
        }
      }
    }
    for (size_t t = 0; t < n_tables_; ++t) pushed_.push_back(AndOf(pushed[t]));
    residual_ = AndOf(residual);

    // The largest table streams; the others are built.
    std::vector<uint64_t> sizes;
    for (size_t t = 0; t < n_tables_; ++t) {
      CR_ASSIGN_OR_RETURN(std::unique_ptr<TableSource> src, open_(plan_.tables()[t].dataset));
      sizes.push_back(src->row_count());
    }
    stream_ = static_cast<int>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
    builds_.resize(n_tables_);
    for (size_t t = 0; t < n_tables_; ++t) {
      if (static_cast<int>(t) != stream_) CR_RETURN_IF_ERROR(Build(t));
    }
    // Stream, probe, aggregate.
    std::vector<TwoPhaseAggregate> aggs;
    int threads = std::max(1, opt_.threads);
    for (int i = 0; i < threads; ++i) aggs.emplace_back(plan_);
    CR_RETURN_IF_ERROR(
        Parallel(stream_, [&](int thread, TableRows& chunk, const std::vector<uint32_t>& rows) {
          return Probe(chunk, rows, aggs[thread]);
        }));
    for (int i = 1; i < threads; ++i) aggs[0].Merge(std::move(aggs[i]));
    CsprngNoiseSource csprng;
    return aggs[0].Finish(opt_.max_rows_per_person,
                          opt_.sampler != nullptr ? *opt_.sampler : csprng);
  }

 private:
  using ChunkFn = std::function<Status(int thread, TableRows& chunk, const std::vector<uint32_t>&)>;

  // Reads every chunk of table t on the worker threads (chunk c on thread c % threads), with
  // the table's pushed-down filter applied; `fn` gets the rows that pass and, in a join, have
  // a person (a row without one joins nothing; alone, it is a person of its own).
  Status Parallel(size_t t, const ChunkFn& fn) {
    int threads = std::max(1, opt_.threads);
    std::vector<Status> status(threads);
    auto work = [&](int thread) -> Status {
      CR_ASSIGN_OR_RETURN(std::unique_ptr<TableSource> src, open_(plan_.tables()[t].dataset));
      std::vector<std::string> names = {plan_.tables()[t].identifier};
      for (const std::string& c : plan_.tables()[t].columns) names.push_back(c);
      for (size_t c = thread; c < src->chunk_count(); c += threads) {
        CR_ASSIGN_OR_RETURN(std::vector<ColumnVector> cvs, src->ReadChunk(c, names));
        if (cvs.size() != names.size()) {
          return MakeError(ErrorCode::kInternal, "engine: reader returned the wrong columns");
        }
        TableRows chunk;
        chunk.persons = std::move(cvs[0].fingerprints);
        chunk.person_valid = std::move(cvs[0].valid);
        chunk.persons.resize(chunk.person_valid.size());
        for (size_t k = 1; k < cvs.size(); ++k) {
          chunk.cols.push_back(FromColumnVector(std::move(cvs[k])));
          if (chunk.cols.back().size() != chunk.person_valid.size()) {
            return MakeError(ErrorCode::kInternal, "engine: columns of a chunk differ in length");
          }
        }
        size_t n = chunk.person_valid.size();
        std::vector<uint32_t> rows;
        if (pushed_[t]) {
          CR_ASSIGN_OR_RETURN(rows, Select(*pushed_[t], n, [&](const Expr& e) -> const Vec* {
                                return &chunk.cols[col_pos_[t].at(e.name)];
                              }));
        } else {
          rows.resize(n);
          for (uint32_t r = 0; r < n; ++r) rows[r] = r;
        }
        if (n_tables_ > 1) {
          rows.erase(std::remove_if(rows.begin(), rows.end(),
                                    [&](uint32_t r) { return !chunk.person_valid[r]; }),
                     rows.end());
        }
        CR_RETURN_IF_ERROR(fn(thread, chunk, rows));
      }
      return Ok();
    };
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back([&, i] { status[i] = work(i); });
    status[0] = work(0);
    for (auto& th : pool) th.join();
    for (const Status& s : status) CR_RETURN_IF_ERROR(s);
    return Ok();
  }

  Status Build(size_t t) {
    int threads = std::max(1, opt_.threads);
    std::vector<TableRows> parts(threads);
    for (TableRows& p : parts) {
      for (const std::string& c : plan_.tables()[t].columns) {
        (void)c;
        p.cols.emplace_back();
      }
    }
    CR_RETURN_IF_ERROR(
        Parallel(t, [&](int thread, TableRows& chunk, const std::vector<uint32_t>& rows) {
          TableRows& p = parts[thread];
          for (size_t c = 0; c < p.cols.size(); ++c) p.cols[c].type = chunk.cols[c].type;
          for (uint32_t r : rows) {
            p.persons.push_back(chunk.persons[r]);
            for (size_t c = 0; c < p.cols.size(); ++c) p.cols[c].AppendFrom(chunk.cols[c], r);
          }
          return Ok();
        }));
    BuildTable& b = builds_[t];
    b.rows = std::move(parts[0]);
    for (int i = 1; i < threads; ++i) {
      TableRows& p = parts[i];
      b.rows.persons.insert(b.rows.persons.end(), p.persons.begin(), p.persons.end());
      for (size_t c = 0; c < p.cols.size(); ++c) {
        Vec& d = b.rows.cols[c];
        if (d.type == ValueType::kNull) d.type = p.cols[c].type;
        for (size_t r = 0; r < p.cols[c].size(); ++r) d.AppendFrom(p.cols[c], r);
      }
    }
    size_t n = b.rows.persons.size();
    b.order.resize(n);
    for (uint32_t r = 0; r < n; ++r) b.order[r] = r;
    const auto& fp = b.rows.persons;
    std::sort(b.order.begin(), b.order.end(), [&](uint32_t x, uint32_t y) {
      return std::memcmp(fp[x].data(), fp[y].data(), 32) < 0;
    });
    b.index.reserve(n);
    for (uint32_t i = 0; i < n;) {
      uint32_t j = i;
      while (j < n && fp[b.order[j]] == fp[b.order[i]]) ++j;
      b.index.emplace(fp[b.order[i]], std::make_pair(i, j - i));
      i = j;
    }
    return Ok();
  }

  // Joins the chunk's rows with the built tables, batch by batch, and aggregates them.
  Status Probe(TableRows& chunk, const std::vector<uint32_t>& rows, TwoPhaseAggregate& agg) {
    std::vector<std::vector<uint32_t>> ids(n_tables_);  // per table: its row of each joined row
    std::vector<std::pair<uint32_t, uint32_t>> ranges(n_tables_);
    std::vector<uint32_t> at(n_tables_, 0);
    for (uint32_t r : rows) {
      const Fingerprint& person = chunk.persons[r];
      bool all = true;
      for (size_t t = 0; t < n_tables_ && all; ++t) {
        if (static_cast<int>(t) == stream_) continue;
        auto it = builds_[t].index.find(person);
        if (it == builds_[t].index.end()) {
          all = false;
        } else {
          ranges[t] = it->second;
        }
      }
      if (!all) continue;
      // Every combination of this person's rows across the built tables.
      std::fill(at.begin(), at.end(), 0);
      while (true) {
        for (size_t t = 0; t < n_tables_; ++t) {
          ids[t].push_back(
              static_cast<int>(t) == stream_ ? r : builds_[t].order[ranges[t].first + at[t]]);
        }
        size_t t = 0;
        for (; t < n_tables_; ++t) {
          if (static_cast<int>(t) == stream_) continue;
          if (++at[t] < ranges[t].second) break;
          at[t] = 0;
        }
        if (t == n_tables_) break;
      }
      if (ids[stream_].size() >= opt_.batch_rows) {
        CR_RETURN_IF_ERROR(Flush(chunk, ids, agg));
      }
    }
    return Flush(chunk, ids, agg);
  }

  Status Flush(TableRows& chunk, std::vector<std::vector<uint32_t>>& ids, TwoPhaseAggregate& agg) {
    size_t n = ids[stream_].size();
    if (n == 0) return Ok();
    std::vector<std::vector<std::optional<Vec>>> cache(n_tables_);
    for (size_t t = 0; t < n_tables_; ++t) cache[t].resize(plan_.tables()[t].columns.size());
    ColumnLookup lookup = [&](const Expr& e) -> const Vec* {
      size_t c = col_pos_[e.table].at(e.name);
      std::optional<Vec>& slot = cache[e.table][c];
      if (!slot) {
        const TableRows& src = e.table == stream_ ? chunk : builds_[e.table].rows;
        slot = Vec::Gather(src.cols[c], ids[e.table]);
      }
      return &*slot;
    };
    std::vector<uint32_t> sel;
    if (residual_) {
      CR_ASSIGN_OR_RETURN(sel, Select(*residual_, n, lookup));
    } else {
      sel.resize(n);
      for (uint32_t r = 0; r < n; ++r) sel[r] = r;
    }
    std::vector<Fingerprint> persons(n);
    std::vector<uint8_t> has_person(n);
    for (size_t r = 0; r < n; ++r) {
      persons[r] = chunk.persons[ids[stream_][r]];
      has_person[r] = chunk.person_valid[ids[stream_][r]];
    }
    std::vector<const Vec*> keys, args;
    for (const sql::PlanGroup& g : plan_.groups()) keys.push_back(lookup(g.column));
    for (const sql::PlanAggregate& a : plan_.aggregates()) {
      bool reads = a.arg && a.fn != sql::AggFn::kCountDistinct;
      args.push_back(reads ? lookup(*a.arg) : nullptr);
    }
    agg.Add(persons, has_person, keys, args, sel);
    for (auto& v : ids) v.clear();
    return Ok();
  }

  const sql::Plan& plan_;
  const SourceOpener& open_;
  const ExecOptions& opt_;
  size_t n_tables_;
  std::vector<std::map<std::string, size_t>> col_pos_;
  std::vector<std::optional<Expr>> pushed_;
  std::optional<Expr> residual_;
  int stream_ = 0;
  std::vector<BuildTable> builds_;
};

}  // namespace

Result<AggregateTable> AggregatePlan(const sql::Plan& plan, const SourceOpener& open,
                                     const ExecOptions& options) {
  return Run(plan, open, options).Go();
}

Result<QueryResult> ExecutePlan(const sql::Plan& plan, const SourceOpener& open,
                                const ReleaseFn& release, const ExecOptions& options) {
  CR_ASSIGN_OR_RETURN(AggregateTable table, AggregatePlan(plan, open, options));
  CR_ASSIGN_OR_RETURN(ReleasedTable released, release(table));
  return Finish(plan, released);
}

ReleaseFn ExactReleaseFor(const sql::Plan& plan) {
  int64_t k = plan.k_min();
  return [k](const AggregateTable& t) -> Result<ReleasedTable> { return ExactRelease(t, k); };
}

}  // namespace cleanroom::engine

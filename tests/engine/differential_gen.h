// The random side of the differential test: datasets with duplicates, NULLs, messy and empty
// identifiers and skewed groups, and random queries inside the SQL of docs/sql.md, each written
// twice — for the engine, and for SQLite with the completions differential_test.cc explains.
#pragma once

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine/memory_table.h"

namespace cleanroom::engine {

using Cell = MemoryTable::Cell;

struct Column {
  std::string name;
  char kind;  // s string, d date, i int dimension, b bool, m decimal metric, q int metric
};

const std::map<std::string, std::vector<Column>>& Schema() {
  static const std::map<std::string, std::vector<Column>> k = {
      {"purchases",
       {{"purchase_date", 'd'},
        {"total_spent", 'm'},
        {"quantity", 'q'},
        {"category", 's'},
        {"returned", 'b'},
        {"store", 'i'}}},
      {"exposures", {{"campaign_id", 's'}, {"exposure_date", 'd'}, {"watch_seconds", 'q'}}}};
  return k;
}

const std::vector<std::string> kStrings = {"shoes", "hats", "Shoes", "sg_fall25", "sg_spring",
                                           "",      "a_b",  "x%y",   "bags"};

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  // Skewed: small indices far more often.
  size_t Skewed(size_t n) {
    double u = std::uniform_real_distribution<double>(0, 1)(rng_);
    return std::min(n - 1, static_cast<size_t>(n * u * u * u));
  }

  std::string Date() { return "2025-10-" + Two(Int(1, 28)); }
  static std::string Two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }
  std::string Cents(int lo, int hi) {
    int c = Int(lo, hi);
    std::string s = c < 0 ? "-" : "";
    c = std::abs(c);
    return s + std::to_string(c / 100) + "." + Two(c % 100);
  }

  // A value of `kind` as the CSV text the twin parses.
  Cell Value(char kind) {
    if (Chance(0.1)) return std::nullopt;
    switch (kind) {
      case 's':
        return kStrings[Skewed(kStrings.size())];
      case 'd':
        return Date();
      case 'i':
        return std::to_string(Int(-1, 5));
      case 'b':
        return Chance(0.5) ? "true" : "false";
      case 'm':
        return Cents(0, 60000);
      default:
        return std::to_string(Int(0, 12));
    }
  }

  std::vector<std::vector<Cell>> Rows(const std::string& dataset, size_t persons) {
    std::vector<std::vector<Cell>> rows;
    size_t n = Pick(Chance(0.1) ? 3 : 160);
    for (size_t r = 0; r < n; ++r) {
      if (!rows.empty() && Chance(0.08)) {
        rows.push_back(rows[Pick(rows.size())]);  // an exact duplicate row
        continue;
      }
      std::vector<Cell> row;
      double u = std::uniform_real_distribution<double>(0, 1)(rng_);
      if (u < 0.05) {
        row.push_back(std::nullopt);
      } else if (u < 0.1) {
        row.push_back("");
      } else if (u < 0.14) {
        row.push_back(" User" + std::to_string(Pick(persons)) + "@Mail.com ");  // messy
      } else {
        row.push_back("user" + std::to_string(Skewed(persons)) + "@mail.com");
      }
      for (const Column& c : Schema().at(dataset)) row.push_back(Value(c.kind));
      rows.push_back(std::move(row));
    }
    return rows;
  }

  std::mt19937_64 rng_;
};

struct QuerySql {
  std::string ours;    // what the analyst writes
  std::string sqlite;  // the same, with the k threshold as HAVING and a total ORDER BY
};

class QueryGen {
 public:
  explicit QueryGen(Gen& g) : g_(g) {}

  // k_min > 1: the SQLite query keeps only groups of at least k_min persons, where a person
  // is a distinct identifier, and in a one-dataset query also each row without one.
  QuerySql Make(int64_t k_min) {
    static const std::vector<std::vector<std::pair<std::string, std::string>>> kShapes = {
        {{"p", "purchases"}},
        {{"e", "exposures"}},
        {{"e", "exposures"}, {"p", "purchases"}},
        {{"p", "purchases"}, {"e", "exposures"}},
        {{"p", "purchases"}, {"q", "purchases"}},
        {{"e", "exposures"}, {"p", "purchases"}, {"q", "purchases"}}};
    tables_ = kShapes[g_.Pick(kShapes.size())];
    cols_.clear();
    for (const auto& [alias, ds] : tables_) {
      for (const Column& c : Schema().at(ds)) cols_.push_back({alias + "." + c.name, c.kind});
    }
    std::string from = " FROM " + tables_[0].second + " " + tables_[0].first;
    for (size_t i = 1; i < tables_.size(); ++i) {
      const std::string& prev = tables_[g_.Pick(i)].first;
      from += " JOIN " + tables_[i].second + " " + tables_[i].first + " ON " +
              (g_.Chance(0.5) ? prev + ".email = " + tables_[i].first + ".email"
                              : tables_[i].first + ".email = " + prev + ".email");
    }
    // GROUP BY dimensions.
    std::vector<Column> dims, metrics;
    for (const Column& c : cols_) (IsMetric(c.kind) ? metrics : dims).push_back(c);
    std::vector<std::string> groups;
    size_t ng = g_.Pick(3);
    for (size_t k = 0; k < ng; ++k) {
      std::string d = dims[g_.Pick(dims.size())].name;
      if (std::find(groups.begin(), groups.end(), d) == groups.end()) groups.push_back(d);
    }
    // SELECT: group columns, then aggregates; remember which outputs order exactly.
    std::vector<std::string> items, orderable;
    for (size_t k = 0; k < groups.size(); ++k) {
      if (g_.Chance(0.15)) continue;
      bool alias = g_.Chance(0.3);
      items.push_back(groups[k] + (alias ? " AS g" + std::to_string(k) : ""));
      orderable.push_back(alias ? "g" + std::to_string(k) : std::to_string(items.size()));
    }
    size_t na = 1 + g_.Pick(3);
    for (size_t k = 0; k < na; ++k) {
      auto [text, exact_order] = Aggregate(metrics);
      std::string alias = "a" + std::to_string(k);
      items.push_back(text + " AS " + alias);
      if (exact_order) orderable.push_back(g_.Chance(0.5) ? alias : std::to_string(items.size()));
    }
    std::string select = "SELECT ";
    for (size_t k = 0; k < items.size(); ++k) select += (k ? ", " : "") + items[k];
    std::string where = g_.Chance(0.7) ? Pred(2) : "";
    std::string group;
    for (size_t k = 0; k < groups.size(); ++k) group += (k ? ", " : " GROUP BY ") + groups[k];
    std::string having_expr = g_.Chance(0.25) ? Having(groups) : "";
    std::string having = having_expr.empty() ? "" : " HAVING " + having_expr;
    std::vector<std::string> order;
    if (g_.Chance(0.5) && !orderable.empty()) {
      for (size_t k = 0, n = 1 + g_.Pick(2); k < n; ++k) {
        order.push_back(orderable[g_.Pick(orderable.size())] + (g_.Chance(0.5) ? " DESC" : ""));
      }
    }
    std::string limit = g_.Chance(0.2) ? " LIMIT " + std::to_string(g_.Pick(5)) : "";

    QuerySql out;
    std::string ord;
    for (size_t k = 0; k < order.size(); ++k) ord += (k ? ", " : " ORDER BY ") + order[k];
    out.ours =
        select + from + (where.empty() ? "" : " WHERE " + where) + group + having + ord + limit;
    std::string k_having = having;
    if (k_min > 1) {
      const std::string id = tables_[0].first + ".email";
      std::string persons = "COUNT(DISTINCT " + id + ")";
      if (tables_.size() == 1) persons += " + COUNT(*) - COUNT(" + id + ")";
      std::string rule = "(" + persons + ") >= " + std::to_string(k_min);
      k_having = " HAVING " + (having_expr.empty() ? rule : "(" + having_expr + ") AND " + rule);
    }
    std::string full_order = ord;
    for (const std::string& gcol : groups)
      full_order += (full_order.empty() ? " ORDER BY " : ", ") + gcol;
    out.sqlite = select + from + (where.empty() ? "" : " WHERE " + where) + group + k_having +
                 full_order + limit;
    return out;
  }

 private:
  static bool IsMetric(char k) { return k == 'm' || k == 'q'; }
  std::string Alias() { return tables_[g_.Pick(tables_.size())].first; }
  std::string DecimalLit() {
    return std::to_string(g_.Int(-5, 650)) + "." + std::to_string(g_.Int(0, 9)) +
           std::to_string(g_.Int(0, 9)) + "5";
  }
  std::string IntLit() { return std::to_string(g_.Int(-2, 12)); }
  std::string Quote(const std::string& s) { return "'" + s + "'"; }
  const Column& ColOf(const std::string& kinds) {
    std::vector<const Column*> c;
    for (const Column& x : cols_) {
      if (kinds.find(x.kind) != std::string::npos) c.push_back(&x);
    }
    if (c.empty()) return ColOf("mq");  // exposures alone has no decimal metric
    return *c[g_.Pick(c.size())];
  }
  std::string Cmp() {
    static const char* k[] = {"=", "<>", "<", "<=", ">", ">=", "!="};
    return k[g_.Pick(7)];
  }

  // {SQL, whether ordering on it is exact in both engines}
  std::pair<std::string, bool> Aggregate(const std::vector<Column>& metrics) {
    const Column& m = metrics[g_.Pick(metrics.size())];
    switch (g_.Pick(6)) {
      case 0:
        return {"COUNT(*)", true};
      case 1:
        return {"COUNT(DISTINCT " + Alias() + ".email)", true};
      case 2:
        return {"SUM(" + m.name + ")", m.kind == 'q'};
      case 3:
        return {"AVG(" + m.name + ")", false};
      case 4:
        return {"MIN(" + m.name + ")", true};
      default:
        return {"MAX(" + m.name + ")", true};
    }
  }

  std::string Atom() {
    const Column& c = cols_[g_.Pick(cols_.size())];
    if (g_.Chance(0.12)) return c.name + (g_.Chance(0.5) ? " IS NULL" : " IS NOT NULL");
    switch (c.kind) {
      case 's': {
        static const std::vector<std::string> kLike = {"s%",   "%s",  "%a_%", "S%", "%",
                                                       "_ats", "x%y", "sg%",  ""};
        switch (g_.Pick(4)) {
          case 0:
            return c.name + " " + Cmp() + " " + Quote(kStrings[g_.Pick(kStrings.size())]);
          case 1:
            return c.name + (g_.Chance(0.3) ? " NOT" : "") + " LIKE " +
                   Quote(kLike[g_.Pick(kLike.size())]);
          case 2: {
            std::string in = c.name + (g_.Chance(0.3) ? " NOT IN (" : " IN (");
            for (size_t k = 0, n = 1 + g_.Pick(3); k < n; ++k) {
              in += (k ? ", " : "") +
                    (g_.Chance(0.15) ? "NULL" : Quote(kStrings[g_.Pick(kStrings.size())]));
            }
            return in + ")";
          }
          default:
            return c.name + " " + Cmp() + " " + ColOf("s").name;
        }
      }
      case 'd':
        switch (g_.Pick(3)) {
          case 0:
            return c.name + " " + Cmp() + " " + Quote(g_.Date());
          case 1:
            return c.name + (g_.Chance(0.3) ? " NOT" : "") + " BETWEEN " + Quote(g_.Date()) +
                   " AND " + Quote(g_.Date());
          default:
            return c.name + " " + Cmp() + " " + ColOf("d").name;
        }
      case 'b':
        switch (g_.Pick(3)) {
          case 0:
            return c.name;
          case 1:
            return "NOT " + c.name;
          default:
            return c.name + " = " + (g_.Chance(0.5) ? "TRUE" : "FALSE");
        }
      case 'm':
        switch (g_.Pick(5)) {
          case 0:
            return c.name + " " + Cmp() + " " + DecimalLit();
          case 1:
            return c.name + " * " + std::to_string(g_.Int(-2, 4)) + " " + Cmp() + " " +
                   DecimalLit();
          case 2:
            return c.name + " + " + ColOf("mqi").name + " " + Cmp() + " " + DecimalLit();
          case 3:
            return c.name + (g_.Chance(0.3) ? " NOT" : "") + " BETWEEN " + DecimalLit() + " AND " +
                   DecimalLit();
          default:
            return c.name + " " + Cmp() + " " + ColOf("mqi").name;
        }
      default:  // int dimension or int metric
        switch (g_.Pick(6)) {
          case 0:
            return c.name + " " + Cmp() + " " + IntLit();
          case 1:
            return c.name + " " + (g_.Chance(0.5) ? "*" : "+") + " " + IntLit() + " " + Cmp() +
                   " " + IntLit();
          case 2:
            return c.name + " / " + (g_.Chance(0.8) ? std::to_string(g_.Int(1, 3)) : "-2") + " " +
                   Cmp() + " " + IntLit();
          case 3:
            return "-" + c.name + " - " + ColOf("iq").name + " " + Cmp() + " " + IntLit();
          case 4: {
            std::string in = c.name + (g_.Chance(0.3) ? " NOT IN (" : " IN (");
            for (size_t k = 0, n = 1 + g_.Pick(3); k < n; ++k) {
              in += (k ? ", " : "") + (g_.Chance(0.15) ? std::string("NULL") : IntLit());
            }
            return in + ")";
          }
          default:
            return c.name + " " + Cmp() + " " + DecimalLit();
        }
    }
  }

  std::string Pred(int depth) {
    if (depth == 0 || g_.Chance(0.45)) return Atom();
    switch (g_.Pick(3)) {
      case 0:
        return "(" + Pred(depth - 1) + " AND " + Pred(depth - 1) + ")";
      case 1:
        return "(" + Pred(depth - 1) + " OR " + Pred(depth - 1) + ")";
      default:
        return "NOT (" + Pred(depth - 1) + ")";
    }
  }

  std::string Having(const std::vector<std::string>& groups) {
    std::string a;
    switch (g_.Pick(6)) {
      case 0:
        a = "COUNT(*) " + Cmp() + " " + std::to_string(g_.Int(0, 6));
        break;
      case 1:
        a = "COUNT(DISTINCT " + Alias() + ".email) >= " + std::to_string(g_.Int(1, 4));
        break;
      case 2:
        a = "SUM(" + ColOf("q").name + ") " + Cmp() + " " + IntLit();
        break;
      case 3:
        a = "MIN(" + ColOf("m").name + ") " + Cmp() + " " + DecimalLit();
        break;
      case 4:
        a = "SUM(" + ColOf("m").name + ") > " + DecimalLit();
        break;
      default:
        a = groups.empty() ? "MAX(" + ColOf("q").name + ") IS NOT NULL"
                           : groups[g_.Pick(groups.size())] + " IS NOT NULL";
    }
    if (g_.Chance(0.3)) a = "(" + a + (g_.Chance(0.5) ? " OR " : " AND ") + "COUNT(*) > 2)";
    return a;
  }

  Gen& g_;
  std::vector<std::pair<std::string, std::string>> tables_;
  std::vector<Column> cols_;
};

inline QuerySql RandomQuery(Gen& g, int64_t k_min) { return QueryGen(g).Make(k_min); }

}  // namespace cleanroom::engine

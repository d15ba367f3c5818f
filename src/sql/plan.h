// Plan: a query that has passed every static rule of docs/architecture.md §4 against one policy,
// for one analyst and one declared purpose, with names bound to dataset columns and types.
// A Plan that exists is valid: it is made only by Bind (sql/binder.h) or by FromJson, which
// rebuilds the query from the wire and binds it again against the receiver's own policy
// (construct-to-validate; the enclave trusts nothing the host says about the plan).
// Immutable value; safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/json_util.h"
#include "policy/policy.h"
#include "sql/ast.h"

namespace cleanroom::sql {

// JSON nesting of a plan on the wire: each level of an expression is an object and its args
// array, below a handful of levels of plan and message.
inline constexpr size_t kMaxPlanJsonDepth = 2 * kMaxExpressionHeight + 16;

// One dataset of FROM / JOIN. Every table after the first is joined to an earlier one on
// identifier equality, so all tables of a joined row share one person (fingerprint).
struct PlanTable {
  std::string dataset;
  std::string alias;                 // the dataset name when the query gave none
  std::string identifier;            // the identifier column (the join key, the person)
  std::vector<std::string> columns;  // other columns the query reads (projection pushdown)
};

// A GROUP BY column (a dimension), bound: expr.kind == kColumn.
struct PlanGroup {
  Expr column;
  std::string name;  // the column name
};

// One distinct aggregate of SELECT, HAVING or ORDER BY.
struct PlanAggregate {
  AggFn fn = AggFn::kCountStar;
  std::optional<Expr> arg;  // bound metric column (identifier for COUNT DISTINCT); none for *
  std::string text;         // e.g. "SUM(p.total_spent)"
  ValueType output = ValueType::kInt;
  std::optional<MetricBounds> bounds;
};

// A released column: slot < groups().size() is a group column, else an aggregate.
struct PlanOutput {
  std::string name;
  int slot = 0;
  ValueType type = ValueType::kNull;
};

class Plan {
 public:
  const Query& query() const { return query_; }  // as parsed (unbound), for the wire
  const std::vector<PlanTable>& tables() const { return tables_; }
  const std::optional<Expr>& where() const { return where_; }  // bound; reads table columns
  const std::vector<PlanGroup>& groups() const { return groups_; }
  const std::vector<PlanAggregate>& aggregates() const { return aggregates_; }
  const std::vector<PlanOutput>& outputs() const { return outputs_; }
  // Bound over released slots (Expr::slot); evaluated after the privacy release.
  const std::optional<Expr>& having() const { return having_; }
  const std::vector<OrderItem>& order_by() const { return order_by_; }
  const std::optional<int64_t>& limit() const { return limit_; }
  bool grouped() const { return !groups_.empty(); }

  const std::string& analyst() const { return analyst_; }
  const std::string& purpose() const { return purpose_; }
  const std::string& policy_hash() const { return policy_hash_; }  // "sha256:<hex>"
  // The strictest k of the room and of every dataset touched.
  int64_t k_min() const { return k_min_; }
  const PrivacyParams& privacy() const { return privacy_; }
  // Why each touched column may be used, for `cleanroom check` ("p.total_spent: metric, ...").
  const std::vector<std::string>& uses() const { return uses_; }

  // {"version": 1, "policy_sha256", "analyst", "purpose", "query": {...}}.
  Json ToJson() const;
  // Rebuilds and re-validates against `policy`: kIntegrity when the plan was made for another
  // policy, kRejected for a malformed plan or one that breaks a rule.
  static Result<Plan> FromJson(const Json& j, const Policy& policy);

 private:
  friend class Binder;
  Plan() = default;
  Query query_;
  std::vector<PlanTable> tables_;
  std::optional<Expr> where_;
  std::vector<PlanGroup> groups_;
  std::vector<PlanAggregate> aggregates_;
  std::vector<PlanOutput> outputs_;
  std::optional<Expr> having_;
  std::vector<OrderItem> order_by_;
  std::optional<int64_t> limit_;
  std::string analyst_, purpose_, policy_hash_;
  int64_t k_min_ = 1;
  PrivacyParams privacy_;
  std::vector<std::string> uses_;
};

}  // namespace cleanroom::sql

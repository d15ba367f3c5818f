#include "sql/binder.h"

#include <map>
#include <set>

#include "policy/k_min.h"
#include "sql/parser.h"
#include "sql/typing.h"
#include "sql/values.h"

namespace cleanroom::sql {
namespace {

bool IsSystemName(const std::string& n) {
  std::string l;
  for (char c : n) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* p : {"sqlite_", "pg_", "information_schema", "sys", "mysql", "duckdb_"}) {
    if (l.rfind(p, 0) == 0) return true;
  }
  return false;
}

bool ContainsAggregate(const Expr& e) {
  if (e.kind == ExprKind::kAggregate) return true;
  for (const Expr& c : e.children) {
    if (ContainsAggregate(c)) return true;
  }
  return false;
}

}  // namespace

class Binder {
 public:
  Binder(const Policy& p, const std::string& analyst, const std::string& purpose)
      : policy_(p), analyst_(analyst), purpose_(purpose) {}

  Result<Plan> Run(const Query& q) {
    Plan plan;
    plan.query_ = q;
    plan.analyst_ = analyst_;
    plan.purpose_ = purpose_;
    plan.policy_hash_ = policy_.hash_text();
    plan.privacy_ = policy_.privacy();
    plan.limit_ = q.limit;
    SourcePos start = q.select.empty() ? SourcePos{} : q.select[0].expr.pos;
    if (!policy_.IsAnalyst(analyst_)) {
      std::string list;
      for (const auto& a : policy_.analysts()) list += (list.empty() ? "" : ", ") + a;
      return Rule(start, "not-an-analyst",
                  "'" + analyst_ + "' is not an analyst of room " + policy_.room() +
                      " (analysts: " + list + ")");
    }
    // FROM and JOIN: datasets, aliases, purposes, join conditions.
    for (size_t i = 0; i < q.from.size(); ++i) {
      const TableRef& r = q.from[i];
      if (IsSystemName(r.dataset)) {
        return Rule(r.pos, "system-table",
                    "'" + r.dataset + "' is a system table; only the policy's datasets exist");
      }
      const DatasetSpec* spec = policy_.FindDataset(r.dataset);
      if (spec == nullptr) {
        std::string list;
        for (const auto& [n, d] : policy_.datasets()) list += (list.empty() ? "" : ", ") + n;
        return Rule(r.pos, "unknown-dataset",
                    "no dataset '" + r.dataset + "' in the policy (datasets: " + list + ")");
      }
      std::string alias = r.alias.empty() ? r.dataset : r.alias;
      for (const Table& t : tables_) {
        if (t.alias == alias) {
          return Rule(r.pos, "duplicate-alias",
                      "'" + alias + "' names two tables; give each its own alias");
        }
      }
      if (!spec->GrantsPurpose(purpose_)) {
        std::string list;
        for (const auto& p : spec->purposes) list += (list.empty() ? "" : ", ") + p;
        return Rule(r.pos, "purpose-not-granted",
                    "dataset " + spec->name + " does not grant purpose '" + purpose_ +
                        "' (it grants: " + list + ")");
      }
      tables_.push_back(Table{spec, alias});
      PlanTable pt;
      pt.dataset = spec->name;
      pt.alias = alias;
      pt.identifier = spec->identifier().name;
      plan.tables_.push_back(pt);
      if (i > 0) CR_RETURN_IF_ERROR(BindJoin(*r.on, i));
    }
    std::vector<const DatasetSpec*> touched;
    for (const Table& t : tables_) touched.push_back(t.spec);
    plan.k_min_ = EffectiveKMin(policy_.privacy(), touched);
    // WHERE
    if (q.where) {
      Expr w = *q.where;
      CR_RETURN_IF_ERROR(BindScalar(w, "WHERE"));
      if (w.type != ValueType::kBool && w.type != ValueType::kNull) {
        return Rule(
            w.pos, "type-mismatch",
            "WHERE needs a condition, not a " + std::string(ValueTypeName(w.type)) + " value");
      }
      plan.where_ = std::move(w);
    }
    // GROUP BY
    for (const Expr& g0 : q.group_by) {
      Expr g = g0;
      if (ContainsAggregate(g)) {
        return Rule(g.pos, "aggregate-in-group-by", "GROUP BY cannot contain an aggregate");
      }
      if (g.kind != ExprKind::kColumn) {
        return Rule(g.pos, "group-by-column",
                    "GROUP BY takes dimension columns, not an expression like " + ExprText(g));
      }
      CR_RETURN_IF_ERROR(ResolveColumn(g, tables_.size()));
      if (g.role == ColumnRole::kIdentifier) return IdentifierUse(g, "GROUP BY");
      if (g.role == ColumnRole::kMetric) {
        return Rule(g.pos, "metric-not-groupable",
                    ColumnName(g) +
                        " is a metric; metrics may be aggregated (SUM, AVG) or "
                        "compared in WHERE, never grouped on");
      }
      Use(g, "grouped on");
      groups_.push_back(g);
      plan.groups_.push_back(PlanGroup{g, g.name});
    }
    // SELECT
    bool any_aggregate = q.having && ContainsAggregate(*q.having);
    for (const SelectItem& item : q.select) {
      if (item.expr.kind == ExprKind::kStar) {
        return Rule(item.expr.pos, "no-select-star",
                    "SELECT * would output rows; list group columns and aggregates");
      }
      any_aggregate |= ContainsAggregate(item.expr);
    }
    if (!any_aggregate && groups_.empty()) {
      return Rule(start, "aggregate-only",
                  "only aggregate queries are allowed; add an aggregate or GROUP BY");
    }
    for (const SelectItem& item : q.select) {
      Expr e = item.expr;
      if (e.kind == ExprKind::kStar) {
        return Rule(e.pos, "no-select-star",
                    "SELECT * would output rows; list group columns and aggregates");
      }
      int slot = -1;
      if (e.kind == ExprKind::kAggregate) {
        CR_ASSIGN_OR_RETURN(slot, AggregateSlot(e, plan));
      } else if (e.kind == ExprKind::kColumn) {
        CR_ASSIGN_OR_RETURN(slot, GroupSlot(e, "SELECT"));
      } else {
        return Rule(e.pos, "select-item",
                    "a SELECT item is a group column or one aggregate, not " + ExprText(e));
      }
      std::string name = item.alias.empty()
                             ? (e.kind == ExprKind::kColumn ? e.name : ExprText(item.expr))
                             : item.alias;
      plan.outputs_.push_back(PlanOutput{name, slot, e.type});
    }
    outputs_ = plan.outputs_;
    // HAVING
    if (q.having) {
      Expr h = *q.having;
      CR_RETURN_IF_ERROR(BindReleased(h, "HAVING", plan));
      if (h.type != ValueType::kBool && h.type != ValueType::kNull) {
        return Rule(
            h.pos, "type-mismatch",
            "HAVING needs a condition, not a " + std::string(ValueTypeName(h.type)) + " value");
      }
      plan.having_ = std::move(h);
    }
    // ORDER BY
    for (const OrderItem& o0 : q.order_by) {
      OrderItem o = o0;
      if (o.expr.kind == ExprKind::kLiteral && o.expr.literal_type == ValueType::kInt) {
        int64_t n = o.expr.int_value;
        if (n < 1 || n > static_cast<int64_t>(plan.outputs_.size())) {
          return Rule(o.expr.pos, "order-by",
                      "ORDER BY " + std::to_string(n) + " is not a column of the SELECT list");
        }
        o.expr.slot = plan.outputs_[n - 1].slot;
        o.expr.type = plan.outputs_[n - 1].type;
      } else {
        CR_RETURN_IF_ERROR(BindReleased(o.expr, "ORDER BY", plan));
      }
      plan.order_by_.push_back(std::move(o));
    }
    // Projection pushdown: the columns each table must decrypt.
    std::vector<std::set<std::string>> cols(tables_.size());
    for (const auto& [key, u] : used_) cols[key.first].insert(key.second);
    for (size_t i = 0; i < tables_.size(); ++i) {
      for (const std::string& c : cols[i]) {
        if (c != plan.tables_[i].identifier) plan.tables_[i].columns.push_back(c);
      }
    }
    for (const auto& [key, u] : used_) {
      const Table& t = tables_[key.first];
      const ColumnSpec* c = t.spec->FindColumn(key.second);
      std::string line =
          t.alias + "." + key.second + " (" + t.spec->name + ", " + ColumnRoleName(c->role) + "): ";
      bool first = true;
      for (const std::string& s : u) {
        line += (first ? "" : ", ") + s;
        first = false;
      }
      plan.uses_.push_back(line);
    }
    return plan;
  }

 private:
  struct Table {
    const DatasetSpec* spec;
    std::string alias;
  };

  static Error Rule(SourcePos pos, const char* rule, const std::string& msg) {
    return RuleError(pos, rule, msg);
  }
  std::string ColumnName(const Expr& e) const { return tables_[e.table].alias + "." + e.name; }
  Error IdentifierUse(const Expr& e, const std::string& where) const {
    return Rule(e.pos, "identifier-use",
                ColumnName(e) +
                    " is the join identifier; it may appear only in JOIN ... ON and "
                    "COUNT(DISTINCT ...), not in " +
                    where);
  }
  void Use(const Expr& e, const std::string& how) {
    used_[{static_cast<size_t>(e.table), e.name}].insert(how);
  }

  // Sets table, column type, role and value type of a column reference among the first
  // `visible` tables. Drop columns do not exist.
  Status ResolveColumn(Expr& e, size_t visible) {
    int found = -1;
    for (size_t i = 0; i < visible; ++i) {
      if (!e.qualifier.empty() && tables_[i].alias != e.qualifier) continue;
      const ColumnSpec* c = tables_[i].spec->FindColumn(e.name);
      if (c == nullptr) continue;
      if (c->role == ColumnRole::kDrop) {
        return Rule(e.pos, "unknown-column",
                    "column " + e.name + " of " + tables_[i].spec->name +
                        " is dropped at prepare and does not exist");
      }
      if (found >= 0) {
        return Rule(e.pos, "ambiguous-column",
                    "column " + e.name + " is in " + tables_[found].alias + " and " +
                        tables_[i].alias + "; qualify it");
      }
      found = static_cast<int>(i);
    }
    if (found < 0) {
      if (!e.qualifier.empty()) {
        bool alias_known = false;
        for (size_t i = 0; i < visible; ++i) alias_known |= tables_[i].alias == e.qualifier;
        if (!alias_known) {
          return Rule(e.pos, "unknown-column", "no table or alias '" + e.qualifier + "' here");
        }
        return Rule(e.pos, "unknown-column", "no column " + e.name + " in " + e.qualifier);
      }
      return Rule(e.pos, "unknown-column", "no column " + e.name + " in the joined datasets");
    }
    const ColumnSpec* c = tables_[found].spec->FindColumn(e.name);
    e.table = found;
    e.column_type = c->type;
    e.role = c->role;
    e.type = ValueTypeOf(c->type);
    return Ok();
  }

  Status BindJoin(Expr on, size_t i) {
    auto bad = [&](const std::string& why) {
      return Rule(on.pos, "join-on-identifier",
                  "JOIN ... ON must be identifier equality a.id = b.id; " + why);
    };
    if (on.kind != ExprKind::kBinary || on.op != Op::kEq ||
        on.children[0].kind != ExprKind::kColumn || on.children[1].kind != ExprKind::kColumn) {
      return bad("found " + ExprText(on));
    }
    for (Expr& side : on.children) {
      CR_RETURN_IF_ERROR(ResolveColumn(side, i + 1));
      if (side.role != ColumnRole::kIdentifier) {
        return bad(ColumnName(side) + " is a " + ColumnRoleName(side.role) + ", not an identifier");
      }
      Use(side, "joined on");
    }
    int a = on.children[0].table, b = on.children[1].table;
    if (std::max(a, b) != static_cast<int>(i) || a == b) {
      return bad("it must link " + tables_[i].alias + " to a table before it");
    }
    return Ok();
  }

  // Types a scalar expression over table columns (WHERE): no aggregates, no identifiers.
  Status BindScalar(Expr& e, const std::string& where) {
    switch (e.kind) {
      case ExprKind::kAggregate:
        return Rule(e.pos, "aggregate-in-where",
                    "aggregates belong in SELECT, HAVING or ORDER BY, not in " + where);
      case ExprKind::kStar:
        return Rule(e.pos, "no-select-star", "* is not a value");
      case ExprKind::kColumn:
        CR_RETURN_IF_ERROR(ResolveColumn(e, tables_.size()));
        if (e.role == ColumnRole::kIdentifier) return IdentifierUse(e, where);
        Use(e, "filtered in " + where);
        return Ok();
      case ExprKind::kLiteral:
        e.type = e.literal_type;
        return Ok();
      default:
        for (Expr& c : e.children) CR_RETURN_IF_ERROR(BindScalar(c, where));
        return TypeOperator(e);
    }
  }

  // Types an expression over released values (HAVING, ORDER BY): group columns, aggregates,
  // SELECT aliases and literals.
  Status BindReleased(Expr& e, const std::string& where, Plan& plan) {
    switch (e.kind) {
      case ExprKind::kAggregate: {
        CR_ASSIGN_OR_RETURN(int slot, AggregateSlot(e, plan));
        (void)slot;
        return Ok();
      }
      case ExprKind::kStar:
        return Rule(e.pos, "no-select-star", "* is not a value");
      case ExprKind::kColumn: {
        if (e.qualifier.empty()) {
          for (const PlanOutput& o : outputs_) {
            if (o.name == e.name) {
              e.slot = o.slot;
              e.type = o.type;
              return Ok();
            }
          }
        }
        CR_ASSIGN_OR_RETURN(int slot, GroupSlot(e, where));
        (void)slot;
        return Ok();
      }
      case ExprKind::kLiteral:
        e.type = e.literal_type;
        return Ok();
      default:
        for (Expr& c : e.children) CR_RETURN_IF_ERROR(BindReleased(c, where, plan));
        return TypeOperator(e);
    }
  }

  // A column outside an aggregate must be a GROUP BY column; returns its slot.
  Result<int> GroupSlot(Expr& e, const std::string& where) {
    CR_RETURN_IF_ERROR(ResolveColumn(e, tables_.size()));
    if (e.role == ColumnRole::kIdentifier) return IdentifierUse(e, where);
    for (size_t g = 0; g < groups_.size(); ++g) {
      if (groups_[g].table == e.table && groups_[g].name == e.name) {
        e.slot = static_cast<int>(g);
        return e.slot;
      }
    }
    if (e.role == ColumnRole::kMetric) {
      return Rule(e.pos, "metric-raw-output",
                  ColumnName(e) + " is a metric; use it inside SUM or AVG in " + where);
    }
    return Rule(e.pos, "not-grouped",
                ColumnName(e) + " is not a GROUP BY column; group on it or aggregate in " + where);
  }

  // Binds one aggregate call, adds it to the plan once, sets and returns its slot.
  Result<int> AggregateSlot(Expr& e, Plan& plan) {
    std::string fn = AggFnName(e.agg);
    PlanAggregate a;
    a.fn = e.agg;
    if (e.agg == AggFn::kCountStar) {
      if (!e.children.empty()) {
        return Rule(e.pos, "aggregate-argument",
                    "COUNT(" + ExprText(e.children[0]) +
                        ") is not supported; use COUNT(*) or COUNT(DISTINCT identifier)");
      }
      e.type = ValueType::kInt;
    } else {
      Expr& arg = e.children[0];
      if (ContainsAggregate(arg)) {
        return Rule(arg.pos, "nested-aggregate", "an aggregate cannot contain an aggregate");
      }
      if (arg.kind != ExprKind::kColumn) {
        return Rule(arg.pos, "aggregate-argument",
                    fn + " takes one column, not an expression like " + ExprText(arg));
      }
      CR_RETURN_IF_ERROR(ResolveColumn(arg, tables_.size()));
      if (e.agg == AggFn::kCountDistinct) {
        if (arg.role != ColumnRole::kIdentifier) {
          return Rule(arg.pos, "aggregate-argument",
                      "COUNT(DISTINCT ...) counts people: it takes a dataset's identifier, and " +
                          ColumnName(arg) + " is a " + ColumnRoleName(arg.role));
        }
        Use(arg, "counted distinct");
        e.type = ValueType::kInt;
      } else {
        if (arg.role == ColumnRole::kIdentifier) return IdentifierUse(arg, fn + "(...)");
        if (arg.role != ColumnRole::kMetric) {
          return Rule(arg.pos, "aggregate-argument",
                      fn + " takes a metric column; " + ColumnName(arg) + " is a " +
                          ColumnRoleName(arg.role));
        }
        // A valid policy types every metric int or decimal (policy.cc), so SUM and AVG are
        // always over numbers here.
        if ((e.agg == AggFn::kMin || e.agg == AggFn::kMax) && policy_.privacy().dp) {
          return Rule(e.pos, "min-max-needs-dp-off",
                      fn + " is available only when the policy's dp is null; use AVG or SUM");
        }
        const ColumnSpec* c = tables_[arg.table].spec->FindColumn(arg.name);
        a.bounds = c->bounds;
        Use(arg, "aggregated by " + fn);
        if (e.agg == AggFn::kSum || e.agg == AggFn::kAvg) {
          e.type = ValueType::kDouble;
        } else {
          e.type = arg.type == ValueType::kInt ? ValueType::kInt : ValueType::kDouble;
        }
      }
      a.arg = arg;
    }
    a.output = e.type;
    std::string key = std::to_string(static_cast<int>(e.agg)) + ":" +
                      (a.arg ? std::to_string(a.arg->table) + "." + a.arg->name : "");
    size_t groups = groups_.size();
    for (size_t i = 0; i < plan.aggregates_.size(); ++i) {
      if (agg_keys_[i] == key) {
        e.slot = static_cast<int>(groups + i);
        return e.slot;
      }
    }
    a.text = a.arg ? fn + "(" + std::string(e.agg == AggFn::kCountDistinct ? "DISTINCT " : "") +
                         ColumnName(*a.arg) + ")"
                   : "COUNT(*)";
    agg_keys_.push_back(key);
    plan.aggregates_.push_back(std::move(a));
    e.slot = static_cast<int>(groups + plan.aggregates_.size() - 1);
    return e.slot;
  }

  const Policy& policy_;
  std::string analyst_, purpose_;
  std::vector<Table> tables_;
  std::vector<Expr> groups_;
  std::vector<PlanOutput> outputs_;
  std::vector<std::string> agg_keys_;
  std::map<std::pair<size_t, std::string>, std::set<std::string>> used_;
};

Result<Plan> Bind(const Query& query, const Policy& policy, const std::string& analyst,
                  const std::string& purpose) {
  return Binder(policy, analyst, purpose).Run(query);
}

Result<Plan> PlanQuery(std::string_view sql, const Policy& policy, const std::string& analyst,
                       const std::string& purpose) {
  CR_ASSIGN_OR_RETURN(Query q, Parse(sql));
  return Bind(q, policy, analyst, purpose);
}

}  // namespace cleanroom::sql

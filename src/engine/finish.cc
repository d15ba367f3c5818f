#include "engine/finish.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/evaluate.h"
#include "sql/values.h"

namespace cleanroom::engine {
namespace {

// The released slots as Vecs: groups first, then aggregates (sql/plan.h PlanOutput::slot).
Result<std::vector<Vec>> SlotVecs(const sql::Plan& plan, const ReleasedTable& rel) {
  size_t n = rel.groups.size();
  size_t ng = plan.groups().size();
  std::vector<Vec> slots;
  for (size_t s = 0; s < ng + plan.aggregates().size(); ++s) {
    ValueType t = s < ng ? plan.groups()[s].column.type : plan.aggregates()[s - ng].output;
    Vec v = Vec::Make(t, n);
    for (size_t r = 0; r < n; ++r) {
      const ReleasedGroup& g = rel.groups[r];
      if ((s < ng ? g.key.size() : g.values.size()) <= (s < ng ? s : s - ng)) {
        return MakeError(ErrorCode::kInternal, "release returned a malformed group");
      }
      const CellValue& c = s < ng ? g.key[s] : g.values[s - ng];
      if (std::holds_alternative<std::monostate>(c)) continue;
      v.valid[r] = 1;
      if (t == ValueType::kString) {
        if (!std::holds_alternative<std::string>(c)) {
          return MakeError(ErrorCode::kInternal, "release returned a non-string key");
        }
        v.s[r] = std::get<std::string>(c);
      } else if (t == ValueType::kDouble) {
        v.d[r] = std::holds_alternative<double>(c)    ? std::get<double>(c)
                 : std::holds_alternative<int64_t>(c) ? static_cast<double>(std::get<int64_t>(c))
                                                      : 0.0;
      } else {
        v.i[r] = std::holds_alternative<int64_t>(c) ? std::get<int64_t>(c)
                 : std::holds_alternative<double>(c)
                     ? static_cast<int64_t>(std::llround(std::get<double>(c)))
                     : 0;
      }
    }
    slots.push_back(std::move(v));
  }
  return slots;
}

CellValue OutputCell(const Vec& v, size_t r) {
  if (!v.valid[r]) return std::monostate{};
  switch (v.type) {
    case ValueType::kString:
      return v.s[r];
    case ValueType::kDouble:
      return v.d[r];
    case ValueType::kDecimal:
      return static_cast<double>(v.i[r]) / kDecimalScale;
    case ValueType::kDate:
      return sql::FormatDate(v.i[r]);
    default:
      return v.i[r];
  }
}

}  // namespace

Result<QueryResult> Finish(const sql::Plan& plan, const ReleasedTable& rel) {
  CR_ASSIGN_OR_RETURN(std::vector<Vec> slots, SlotVecs(plan, rel));
  size_t n = rel.groups.size();
  ColumnLookup lookup = [&](const sql::Expr& e) -> const Vec* {
    return e.slot >= 0 && static_cast<size_t>(e.slot) < slots.size() ? &slots[e.slot] : nullptr;
  };
  std::vector<uint32_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0);
  if (plan.having()) {
    CR_ASSIGN_OR_RETURN(rows, Select(*plan.having(), n, lookup));
  }
  std::vector<Vec> keys;
  for (const sql::OrderItem& o : plan.order_by()) {
    CR_ASSIGN_OR_RETURN(Vec k, Evaluate(o.expr, n, lookup));
    keys.push_back(std::move(k));
  }
  size_t ng = plan.groups().size();
  std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
    for (size_t k = 0; k < keys.size(); ++k) {
      int c = CompareRows(keys[k], a, keys[k], b);
      if (c != 0) return plan.order_by()[k].descending ? c > 0 : c < 0;
    }
    for (size_t g = 0; g < ng; ++g) {
      int c = CompareRows(slots[g], a, slots[g], b);
      if (c != 0) return c < 0;
    }
    return false;
  });
  if (plan.limit() && rows.size() > static_cast<size_t>(*plan.limit())) {
    rows.resize(static_cast<size_t>(*plan.limit()));
  }
  QueryResult out;
  out.suppressed_groups = rel.suppressed_groups;
  for (const sql::PlanOutput& o : plan.outputs()) {
    out.columns.push_back(o.name);
    out.types.push_back(slots[o.slot].type);
    size_t a = static_cast<size_t>(o.slot) - ng;
    out.noise.push_back(static_cast<size_t>(o.slot) >= ng && a < rel.noise.size() ? rel.noise[a]
                                                                                  : std::nullopt);
  }
  for (uint32_t r : rows) {
    std::vector<CellValue> row;
    for (const sql::PlanOutput& o : plan.outputs()) row.push_back(OutputCell(slots[o.slot], r));
    out.rows.push_back(std::move(row));
  }
  return out;
}

Json ResultRowsToJson(const QueryResult& r) {
  Json rows = Json::array();
  for (const auto& row : r.rows) {
    Json j = Json::array();
    for (const CellValue& c : row) {
      if (std::holds_alternative<int64_t>(c)) {
        j.push_back(std::get<int64_t>(c));
      } else if (std::holds_alternative<double>(c)) {
        j.push_back(std::get<double>(c));
      } else if (std::holds_alternative<std::string>(c)) {
        j.push_back(std::get<std::string>(c));
      } else {
        j.push_back(nullptr);
      }
    }
    rows.push_back(std::move(j));
  }
  return Json{{"columns", r.columns}, {"rows", std::move(rows)}};
}

}  // namespace cleanroom::engine

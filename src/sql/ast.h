// The syntax tree of the SQL that docs/sql.md admits: one aggregate SELECT over one dataset or
// an inner join of datasets. The parser fills the syntactic fields; the binder (sql/binder.h)
// fills the bound fields (table, value type, output slot) in place, so a bound tree is what the
// plan carries and the engine evaluates. Plain values: copyable, no pointers between nodes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policy/policy.h"

namespace cleanroom::sql {

// Where a token starts in the query text (1-based). {0, 0} for a tree rebuilt from JSON.
struct SourcePos {
  int line = 0;
  int column = 0;
};
std::string PosText(SourcePos pos);  // "3:14"

// The type of a value during evaluation. Decimals are fixed point (storage/column_vector.h),
// dates days since the epoch, bools 0/1; kDouble appears only in released values (AVG, SUM).
enum class ValueType : uint8_t { kNull, kBool, kInt, kDecimal, kDate, kString, kDouble };
const char* ValueTypeName(ValueType t);
ValueType ValueTypeOf(ColumnType t);

enum class ExprKind : uint8_t {
  kColumn,     // qualifier.name or name
  kLiteral,    // NULL, 12, 12.50, 'text', TRUE, DATE '2025-10-01'
  kStar,       // * (only to reject SELECT * with its rule)
  kUnary,      // NOT x, -x
  kBinary,     // x op y
  kIn,         // x [NOT] IN (a, b, ...)   children: x, a, b, ...
  kBetween,    // x [NOT] BETWEEN a AND b  children: x, a, b
  kIsNull,     // x IS [NOT] NULL
  kLike,       // x [NOT] LIKE 'pattern'
  kAggregate,  // COUNT(*), COUNT(DISTINCT x), SUM(x), AVG(x), MIN(x), MAX(x)
};

enum class Op : uint8_t {
  kAnd,
  kOr,
  kNot,
  kNeg,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAdd,
  kSub,
  kMul,
  kDiv
};
const char* OpText(Op op);  // "AND", "<=", "+", ...

enum class AggFn : uint8_t { kCountStar, kCountDistinct, kSum, kAvg, kMin, kMax };
const char* AggFnName(AggFn f);  // "COUNT", "SUM", ...

// The tallest expression tree a query may hold: the parser (sql/parser.cc) refuses taller
// ones and the plan's wire form (sql/query_json.cc) reads no taller, so recursion over an
// expression stays shallow on any input.
inline constexpr int kMaxExpressionHeight = 200;

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  SourcePos pos;
  // kColumn
  std::string qualifier;  // alias or dataset name; empty when unqualified
  std::string name;
  // kLiteral: type kNull, kInt, kDecimal (fixed point), kDate (days), kBool, kString
  ValueType literal_type = ValueType::kNull;
  int64_t int_value = 0;
  std::string string_value;
  // kUnary, kBinary
  Op op = Op::kAnd;
  // kIn, kBetween, kIsNull, kLike
  bool negated = false;
  // kAggregate
  AggFn agg = AggFn::kCountStar;
  std::vector<Expr> children;

  // Bound by the binder.
  ValueType type = ValueType::kNull;  // the value's type
  int table = -1;                     // kColumn: index into Plan::tables()
  ColumnType column_type = ColumnType::kString;
  ColumnRole role = ColumnRole::kDimension;
  int slot = -1;  // in HAVING / ORDER BY: index of the released column this node reads
};

struct TableRef {
  std::string dataset;
  std::string alias;  // empty when none was given
  SourcePos pos;
  std::optional<Expr> on;  // JOIN ... ON (absent for the first table)
};

struct SelectItem {
  Expr expr;
  std::string alias;  // empty when none was given
};

struct OrderItem {
  Expr expr;
  bool descending = false;
};

struct Query {
  std::vector<SelectItem> select;
  std::vector<TableRef> from;  // from[0] FROM, from[1..] JOIN
  std::optional<Expr> where;
  std::vector<Expr> group_by;
  std::optional<Expr> having;
  std::vector<OrderItem> order_by;
  std::optional<int64_t> limit;
};

// Renders an expression as SQL text (normalised: upper-case keywords, one space), e.g.
// "SUM(p.total_spent)". Used for output column names and messages.
std::string ExprText(const Expr& e);

}  // namespace cleanroom::sql

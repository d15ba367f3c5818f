#include "sql/ast.h"

#include <cctype>

#include "sql/values.h"

namespace cleanroom::sql {

std::string PosText(SourcePos pos) {
  if (pos.line == 0) return "plan";
  return std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

const char* ValueTypeName(ValueType t) {
  switch (t) {
    case ValueType::kNull:
      return "null";
    case ValueType::kBool:
      return "bool";
    case ValueType::kInt:
      return "int";
    case ValueType::kDecimal:
      return "decimal";
    case ValueType::kDate:
      return "date";
    case ValueType::kString:
      return "string";
    case ValueType::kDouble:
      return "double";
  }
  return "?";
}

ValueType ValueTypeOf(ColumnType t) {
  switch (t) {
    case ColumnType::kString:
      return ValueType::kString;
    case ColumnType::kInt:
      return ValueType::kInt;
    case ColumnType::kDecimal:
      return ValueType::kDecimal;
    case ColumnType::kDate:
      return ValueType::kDate;
    case ColumnType::kBool:
      return ValueType::kBool;
  }
  return ValueType::kNull;
}

const char* OpText(Op op) {
  switch (op) {
    case Op::kAnd:
      return "AND";
    case Op::kOr:
      return "OR";
    case Op::kNot:
      return "NOT";
    case Op::kNeg:
      return "-";
    case Op::kEq:
      return "=";
    case Op::kNe:
      return "<>";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
  }
  return "?";
}

const char* AggFnName(AggFn f) {
  switch (f) {
    case AggFn::kCountStar:
    case AggFn::kCountDistinct:
      return "COUNT";
    case AggFn::kSum:
      return "SUM";
    case AggFn::kAvg:
      return "AVG";
    case AggFn::kMin:
      return "MIN";
    case AggFn::kMax:
      return "MAX";
  }
  return "?";
}

namespace {

std::string QuoteName(const std::string& n) {
  bool plain = !n.empty() && (std::isalpha(static_cast<unsigned char>(n[0])) || n[0] == '_');
  for (char c : n) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_') ||
        std::isupper(static_cast<unsigned char>(c))) {
      plain = false;
    }
  }
  if (plain) return n;
  std::string out = "\"";
  for (char c : n) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string Literal(const Expr& e) {
  switch (e.literal_type) {
    case ValueType::kNull:
      return "NULL";
    case ValueType::kBool:
      return e.int_value ? "TRUE" : "FALSE";
    case ValueType::kInt:
      return std::to_string(e.int_value);
    case ValueType::kDecimal: {
      std::string s = FormatFixed(e.int_value);
      return s.find('.') == std::string::npos ? s + ".0" : s;
    }
    case ValueType::kDate:
      return "DATE '" + FormatDate(e.int_value) + "'";
    default: {
      std::string out = "'";
      for (char c : e.string_value) {
        out += c;
        if (c == '\'') out += '\'';
      }
      return out + "'";
    }
  }
}

}  // namespace

std::string ExprText(const Expr& e) {
  const auto& c = e.children;
  std::string neg = e.negated ? "NOT " : "";
  switch (e.kind) {
    case ExprKind::kColumn:
      return (e.qualifier.empty() ? "" : QuoteName(e.qualifier) + ".") + QuoteName(e.name);
    case ExprKind::kLiteral:
      return Literal(e);
    case ExprKind::kStar:
      return e.qualifier.empty() ? "*" : QuoteName(e.qualifier) + ".*";
    case ExprKind::kUnary:
      return e.op == Op::kNot ? "(NOT " + ExprText(c[0]) + ")" : "(-" + ExprText(c[0]) + ")";
    case ExprKind::kBinary:
      return "(" + ExprText(c[0]) + " " + OpText(e.op) + " " + ExprText(c[1]) + ")";
    case ExprKind::kIn: {
      std::string out = "(" + ExprText(c[0]) + " " + neg + "IN (";
      for (size_t i = 1; i < c.size(); ++i) out += (i > 1 ? ", " : "") + ExprText(c[i]);
      return out + "))";
    }
    case ExprKind::kBetween:
      return "(" + ExprText(c[0]) + " " + neg + "BETWEEN " + ExprText(c[1]) + " AND " +
             ExprText(c[2]) + ")";
    case ExprKind::kIsNull:
      return "(" + ExprText(c[0]) + " IS " + neg + "NULL)";
    case ExprKind::kLike:
      return "(" + ExprText(c[0]) + " " + neg + "LIKE " + ExprText(c[1]) + ")";
    case ExprKind::kAggregate:
      if (c.empty()) return "COUNT(*)";
      return std::string(AggFnName(e.agg)) + "(" +
             (e.agg == AggFn::kCountDistinct ? "DISTINCT " : "") + ExprText(c[0]) + ")";
  }
  return "?";
}

}  // namespace cleanroom::sql

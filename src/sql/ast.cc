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

// Built by appending (GCC 12 at -O2/-O3 warns falsely on chains of string operator+).
void AppendExpr(std::string& out, const Expr& e) {
  const auto& c = e.children;
  const char* neg = e.negated ? "NOT " : "";
  switch (e.kind) {
    case ExprKind::kColumn:
      if (!e.qualifier.empty()) {
        out += QuoteName(e.qualifier);
        out += '.';
      }
      out += QuoteName(e.name);
      return;
    case ExprKind::kLiteral:
      out += Literal(e);
      return;
    case ExprKind::kStar:
      if (!e.qualifier.empty()) {
        out += QuoteName(e.qualifier);
        out += '.';
      }
      out += '*';
      return;
    case ExprKind::kUnary:
      out += e.op == Op::kNot ? "(NOT " : "(-";
      AppendExpr(out, c[0]);
      out += ')';
      return;
    case ExprKind::kBinary:
      out += '(';
      AppendExpr(out, c[0]);
      out += ' ';
      out += OpText(e.op);
      out += ' ';
      AppendExpr(out, c[1]);
      out += ')';
      return;
    case ExprKind::kIn:
      out += '(';
      AppendExpr(out, c[0]);
      out += ' ';
      out += neg;
      out += "IN (";
      for (size_t i = 1; i < c.size(); ++i) {
        if (i > 1) out += ", ";
        AppendExpr(out, c[i]);
      }
      out += "))";
      return;
    case ExprKind::kBetween:
      out += '(';
      AppendExpr(out, c[0]);
      out += ' ';
      out += neg;
      out += "BETWEEN ";
      AppendExpr(out, c[1]);
      out += " AND ";
      AppendExpr(out, c[2]);
      out += ')';
      return;
    case ExprKind::kIsNull:
      out += '(';
      AppendExpr(out, c[0]);
      out += " IS ";
      out += neg;
      out += "NULL)";
      return;
    case ExprKind::kLike:
      out += '(';
      AppendExpr(out, c[0]);
      out += ' ';
      out += neg;
      out += "LIKE ";
      AppendExpr(out, c[1]);
      out += ')';
      return;
    case ExprKind::kAggregate:
      if (c.empty()) {
        out += "COUNT(*)";
        return;
      }
      out += AggFnName(e.agg);
      out += e.agg == AggFn::kCountDistinct ? "(DISTINCT " : "(";
      AppendExpr(out, c[0]);
      out += ')';
      return;
  }
}

}  // namespace

std::string ExprText(const Expr& e) {
  std::string out;
  AppendExpr(out, e);
  return out;
}

}  // namespace cleanroom::sql

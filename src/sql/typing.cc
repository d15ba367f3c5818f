#include "sql/typing.h"

#include "sql/lexer.h"
#include "sql/values.h"

namespace cleanroom::sql {

Error RuleError(SourcePos pos, const char* rule, const std::string& msg) {
  return MakeError(ErrorCode::kRejected, OneLineText(PosText(pos) + ": rule " + rule + ": " + msg));
}

bool IsNumeric(ValueType t) {
  return t == ValueType::kInt || t == ValueType::kDecimal || t == ValueType::kDouble;
}

namespace {

// Makes a string literal compared with a date a date; fails if it is not one.
Status CoerceDate(Expr& lit) {
  std::optional<int64_t> d = ParseDate(lit.string_value);
  if (!d) {
    return RuleError(lit.pos, "type-mismatch",
                     "'" + lit.string_value + "' is compared with a date; write YYYY-MM-DD");
  }
  lit.literal_type = ValueType::kDate;
  lit.int_value = *d;
  lit.string_value.clear();
  lit.type = ValueType::kDate;
  return Ok();
}

}  // namespace

Status Comparable(Expr& a, Expr& b, SourcePos pos) {
  auto is_str_lit = [](const Expr& x) {
    return x.kind == ExprKind::kLiteral && x.literal_type == ValueType::kString;
  };
  if (a.type == ValueType::kDate && is_str_lit(b)) return CoerceDate(b);
  if (b.type == ValueType::kDate && is_str_lit(a)) return CoerceDate(a);
  if (a.type == ValueType::kNull || b.type == ValueType::kNull) return Ok();
  if (IsNumeric(a.type) && IsNumeric(b.type)) return Ok();
  if (a.type == b.type) return Ok();
  return RuleError(pos, "type-mismatch",
                   std::string("cannot compare ") + ValueTypeName(a.type) + " " + ExprText(a) +
                       " with " + ValueTypeName(b.type) + " " + ExprText(b));
}

Status TypeOperator(Expr& e) {
  auto& c = e.children;
  auto need = [&](const Expr& x, bool ok, const char* what) -> Status {
    if (ok || x.type == ValueType::kNull) return Ok();
    return RuleError(
        x.pos, "type-mismatch",
        std::string("expected ") + what + ", found " + ValueTypeName(x.type) + " " + ExprText(x));
  };
  switch (e.kind) {
    case ExprKind::kUnary:
      if (e.op == Op::kNot) {
        CR_RETURN_IF_ERROR(need(c[0], c[0].type == ValueType::kBool, "a condition after NOT"));
        e.type = ValueType::kBool;
      } else {
        CR_RETURN_IF_ERROR(need(c[0], IsNumeric(c[0].type), "a number after -"));
        e.type = c[0].type == ValueType::kNull ? ValueType::kInt : c[0].type;
      }
      return Ok();
    case ExprKind::kBinary:
      switch (e.op) {
        case Op::kAnd:
        case Op::kOr:
          for (const Expr& x : c) {
            CR_RETURN_IF_ERROR(need(x, x.type == ValueType::kBool, "a condition"));
          }
          e.type = ValueType::kBool;
          return Ok();
        case Op::kAdd:
        case Op::kSub:
        case Op::kMul:
        case Op::kDiv: {
          for (const Expr& x : c) CR_RETURN_IF_ERROR(need(x, IsNumeric(x.type), "a number"));
          ValueType t = ValueType::kInt;
          for (const Expr& x : c) {
            if (x.type == ValueType::kDouble) t = ValueType::kDouble;
            if (x.type == ValueType::kDecimal && t != ValueType::kDouble) t = ValueType::kDecimal;
          }
          e.type = t;
          return Ok();
        }
        default:
          CR_RETURN_IF_ERROR(Comparable(c[0], c[1], e.pos));
          e.type = ValueType::kBool;
          return Ok();
      }
    case ExprKind::kIn:
    case ExprKind::kBetween:
      for (size_t i = 1; i < c.size(); ++i) CR_RETURN_IF_ERROR(Comparable(c[0], c[i], c[i].pos));
      e.type = ValueType::kBool;
      return Ok();
    case ExprKind::kIsNull:
      e.type = ValueType::kBool;
      return Ok();
    case ExprKind::kLike:
      CR_RETURN_IF_ERROR(need(c[0], c[0].type == ValueType::kString, "a string before LIKE"));
      CR_RETURN_IF_ERROR(need(c[1], c[1].type == ValueType::kString, "a string pattern"));
      e.type = ValueType::kBool;
      return Ok();
    default:
      return Ok();
  }
}

}  // namespace cleanroom::sql

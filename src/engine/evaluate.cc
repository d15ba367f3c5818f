#include "engine/evaluate.h"

#include "sql/values.h"

namespace cleanroom::engine {
namespace {

using sql::Expr;
using sql::ExprKind;
using sql::Op;

enum class Mode { kInt, kFixed, kDouble, kString };

Mode CommonMode(ValueType a, ValueType b) {
  if (a == ValueType::kString || b == ValueType::kString) return Mode::kString;
  if (a == ValueType::kDouble || b == ValueType::kDouble) return Mode::kDouble;
  if (a == ValueType::kDecimal || b == ValueType::kDecimal) return Mode::kFixed;
  return Mode::kInt;
}

// 128-bit: an int64 times the scale does not always fit 64 bits.
inline __int128 AsFixed(const Vec& v, size_t r) {
  return v.type == ValueType::kDecimal ? __int128{v.i[r]}
                                       : static_cast<__int128>(v.i[r]) * kDecimalScale;
}
inline double AsDouble(const Vec& v, size_t r) {
  if (v.type == ValueType::kDouble) return v.d[r];
  if (v.type == ValueType::kDecimal) return static_cast<double>(v.i[r]) / kDecimalScale;
  return static_cast<double>(v.i[r]);
}

template <typename T>
inline int Sign(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Both rows non-null.
inline int Cmp(const Vec& a, size_t i, const Vec& b, size_t j, Mode m) {
  switch (m) {
    case Mode::kString:
      return Sign(std::string_view(a.s[i]), std::string_view(b.s[j]));
    case Mode::kDouble:
      return Sign(AsDouble(a, i), AsDouble(b, j));
    case Mode::kFixed:
      return Sign(AsFixed(a, i), AsFixed(b, j));
    case Mode::kInt:
      return Sign(a.i[i], b.i[j]);
  }
  return 0;
}

bool CmpHolds(Op op, int c) {
  switch (op) {
    case Op::kEq:
      return c == 0;
    case Op::kNe:
      return c != 0;
    case Op::kLt:
      return c < 0;
    case Op::kLe:
      return c <= 0;
    case Op::kGt:
      return c > 0;
    default:
      return c >= 0;
  }
}

Vec Literal(const Expr& e, size_t n) {
  Vec v = Vec::Make(e.literal_type, n);
  if (e.literal_type == ValueType::kNull) return v;
  v.valid.assign(n, 1);
  if (e.literal_type == ValueType::kString) {
    v.s.assign(n, e.string_value);
  } else {
    v.i.assign(n, e.int_value);
  }
  return v;
}

// The one run-time error of arithmetic on data: a result outside int64 (never wrapped, never
// silently NULL).
Error Overflow(const Expr& e) {
  return MakeError(
      ErrorCode::kInternal,
      "arithmetic overflow in " + OneLineText(sql::ExprText(e)) +
          ": a row's value does not fit a 64-bit integer" +
          (e.type == ValueType::kDecimal ? " (decimals: 4 places in fixed point)" : "") +
          "; narrow the query or the data");
}

Result<Vec> Arithmetic(const Expr& e, const Vec& a, const Vec& b) {
  const Op op = e.op;
  const ValueType t = e.type;
  size_t n = a.size();
  Vec out = Vec::Make(t, n);
  for (size_t r = 0; r < n; ++r) {
    if (!a.valid[r] || !b.valid[r]) continue;
    if (t == ValueType::kDouble) {
      double x = AsDouble(a, r), y = AsDouble(b, r);
      if (op == Op::kDiv && y == 0) continue;
      out.d[r] = op == Op::kAdd ? x + y : op == Op::kSub ? x - y : op == Op::kMul ? x * y : x / y;
      out.valid[r] = 1;
      continue;
    }
    __int128 x = t == ValueType::kDecimal ? AsFixed(a, r) : a.i[r];
    __int128 y = t == ValueType::kDecimal ? AsFixed(b, r) : b.i[r];
    __int128 z;
    switch (op) {
      case Op::kAdd:
        z = x + y;
        break;
      case Op::kSub:
        z = x - y;
        break;
      case Op::kMul:  // |x|, |y| < 2^77: the product can exceed even 128 bits
        if (__builtin_mul_overflow(x, y, &z)) return Overflow(e);
        if (t == ValueType::kDecimal) z /= kDecimalScale;
        break;
      default:
        if (y == 0) continue;
        z = t == ValueType::kDecimal ? x * kDecimalScale / y : x / y;
    }
    if (z > INT64_MAX || z < INT64_MIN) return Overflow(e);
    out.i[r] = static_cast<int64_t>(z);
    out.valid[r] = 1;
  }
  return out;
}

Vec Compare(Op op, const Vec& a, const Vec& b) {
  size_t n = a.size();
  Vec out = Vec::Make(ValueType::kBool, n);
  Mode m = CommonMode(a.type, b.type);
  for (size_t r = 0; r < n; ++r) {
    if (!a.valid[r] || !b.valid[r]) continue;
    out.i[r] = CmpHolds(op, Cmp(a, r, b, r, m)) ? 1 : 0;
    out.valid[r] = 1;
  }
  return out;
}

// Three-valued AND / OR of bool Vecs, in place into a.
void Logic(Op op, Vec& a, const Vec& b) {
  for (size_t r = 0; r < a.size(); ++r) {
    bool af = a.valid[r] && !a.i[r], bf = b.valid[r] && !b.i[r];
    bool at = a.valid[r] && a.i[r], bt = b.valid[r] && b.i[r];
    if (op == Op::kAnd) {
      if (af || bf) {
        a.valid[r] = 1, a.i[r] = 0;
      } else if (at && bt) {
        a.valid[r] = 1, a.i[r] = 1;
      } else {
        a.valid[r] = 0, a.i[r] = 0;
      }
    } else {
      if (at || bt) {
        a.valid[r] = 1, a.i[r] = 1;
      } else if (af && bf) {
        a.valid[r] = 1, a.i[r] = 0;
      } else {
        a.valid[r] = 0, a.i[r] = 0;
      }
    }
  }
  a.type = ValueType::kBool;
}

void Negate(Vec& v) {
  for (size_t r = 0; r < v.size(); ++r) v.i[r] = v.valid[r] ? !v.i[r] : 0;
  v.type = ValueType::kBool;
}

}  // namespace

bool Like(std::string_view t, std::string_view p) {
  // Iterative wildcard match with backtracking to the last %.
  size_t ti = 0, pi = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '_' || p[pi] == t[ti]) && p[pi] != '%') {
      ++ti, ++pi;
    } else if (pi < p.size() && p[pi] == '%') {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

int CompareRows(const Vec& x, size_t a, const Vec& y, size_t b) {
  if (!x.valid[a] || !y.valid[b]) return static_cast<int>(x.valid[a]) - y.valid[b];
  return Cmp(x, a, y, b, CommonMode(x.type, y.type));
}

Result<Vec> Evaluate(const Expr& e, size_t n, const ColumnLookup& lookup) {
  if (e.kind == ExprKind::kColumn || e.slot >= 0) {
    const Vec* v = lookup(e);
    if (v == nullptr || v->size() != n) {
      return MakeError(ErrorCode::kInternal, "engine: no batch column for " + sql::ExprText(e));
    }
    return *v;
  }
  const auto& c = e.children;
  switch (e.kind) {
    case ExprKind::kLiteral:
      return Literal(e, n);
    case ExprKind::kUnary: {
      CR_ASSIGN_OR_RETURN(Vec v, Evaluate(c[0], n, lookup));
      if (e.op == Op::kNot) {
        Negate(v);
        return v;
      }
      if (v.type == ValueType::kNull) return Vec::Make(e.type, n);
      for (size_t r = 0; r < n; ++r) {
        if (v.type == ValueType::kDouble) {
          v.d[r] = -v.d[r];
        } else if (v.valid[r] && v.i[r] == INT64_MIN) {
          return Overflow(e);
        } else {
          v.i[r] = -v.i[r];
        }
      }
      return v;
    }
    case ExprKind::kBinary: {
      CR_ASSIGN_OR_RETURN(Vec a, Evaluate(c[0], n, lookup));
      CR_ASSIGN_OR_RETURN(Vec b, Evaluate(c[1], n, lookup));
      switch (e.op) {
        case Op::kAnd:
        case Op::kOr:
          Logic(e.op, a, b);
          return a;
        case Op::kAdd:
        case Op::kSub:
        case Op::kMul:
        case Op::kDiv:
          if (a.type == ValueType::kNull || b.type == ValueType::kNull) {
            return Vec::Make(e.type, n);
          }
          return Arithmetic(e, a, b);
        default:
          return Compare(e.op, a, b);
      }
    }
    case ExprKind::kIn: {
      CR_ASSIGN_OR_RETURN(Vec x, Evaluate(c[0], n, lookup));
      Vec out = Vec::Make(ValueType::kBool, n);
      std::vector<uint8_t> saw_null(n, 0);
      for (size_t k = 1; k < c.size(); ++k) {
        CR_ASSIGN_OR_RETURN(Vec item, Evaluate(c[k], n, lookup));
        Vec eq = Compare(Op::kEq, x, item);
        for (size_t r = 0; r < n; ++r) {
          if (eq.valid[r] && eq.i[r]) out.i[r] = 1;
          if (!eq.valid[r]) saw_null[r] = 1;
        }
      }
      for (size_t r = 0; r < n; ++r) out.valid[r] = out.i[r] || !saw_null[r];
      if (e.negated) Negate(out);
      return out;
    }
    case ExprKind::kBetween: {
      CR_ASSIGN_OR_RETURN(Vec x, Evaluate(c[0], n, lookup));
      CR_ASSIGN_OR_RETURN(Vec lo, Evaluate(c[1], n, lookup));
      CR_ASSIGN_OR_RETURN(Vec hi, Evaluate(c[2], n, lookup));
      Vec ge = Compare(Op::kGe, x, lo);
      Logic(Op::kAnd, ge, Compare(Op::kLe, x, hi));
      if (e.negated) Negate(ge);
      return ge;
    }
    case ExprKind::kIsNull: {
      CR_ASSIGN_OR_RETURN(Vec x, Evaluate(c[0], n, lookup));
      Vec out = Vec::Make(ValueType::kBool, n);
      for (size_t r = 0; r < n; ++r) {
        out.valid[r] = 1;
        out.i[r] = e.negated ? x.valid[r] : !x.valid[r];
      }
      return out;
    }
    case ExprKind::kLike: {
      CR_ASSIGN_OR_RETURN(Vec x, Evaluate(c[0], n, lookup));
      CR_ASSIGN_OR_RETURN(Vec p, Evaluate(c[1], n, lookup));
      Vec out = Vec::Make(ValueType::kBool, n);
      if (x.type == ValueType::kNull || p.type == ValueType::kNull) return out;
      for (size_t r = 0; r < n; ++r) {
        if (!x.valid[r] || !p.valid[r]) continue;
        out.valid[r] = 1;
        out.i[r] = Like(x.s[r], p.s[r]) != e.negated;
      }
      return out;
    }
    default:
      return MakeError(ErrorCode::kInternal, "engine: cannot evaluate " + sql::ExprText(e));
  }
}

Result<std::vector<uint32_t>> Select(const Expr& condition, size_t n, const ColumnLookup& lookup) {
  CR_ASSIGN_OR_RETURN(Vec v, Evaluate(condition, n, lookup));
  std::vector<uint32_t> rows;
  rows.reserve(n);
  for (size_t r = 0; r < n; ++r) {
    if (v.valid[r] && v.i[r]) rows.push_back(static_cast<uint32_t>(r));
  }
  return rows;
}

}  // namespace cleanroom::engine

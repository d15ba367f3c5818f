#include "sql/parser.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/canonical_json.h"
#include "sql/keywords.h"
#include "sql/lexer.h"
#include "sql/token_cursor.h"
#include "sql/values.h"

namespace cleanroom::sql {
namespace {

// The largest literal a plan pins exactly: its hash is taken over canonical JSON, whose
// numbers are doubles. Decimal literals count in units of 10^-4.
constexpr int64_t kMaxExactLiteral = kMaxExactJsonInteger;

class Parser : private TokenCursor {
 public:
  explicit Parser(std::vector<Token> t) : TokenCursor(std::move(t)) {}

  Result<Query> Statement() {
    const Token& first = Peek();
    if (IsWord(first, "WITH")) {
      return SyntaxError(first.pos, "common table expressions (WITH) are not supported");
    }
    if (first.kind == TokenKind::kWord && StatementWords().count(Upper(first.text)) &&
        !IsWord(first, "SELECT")) {
      return SyntaxError(first.pos,
                         "only SELECT queries are allowed; " + Upper(first.text) + " is not");
    }
    if (IsSymbol(first, "(")) {
      return SyntaxError(first.pos, "a parenthesised query is not supported; write one SELECT");
    }
    CR_ASSIGN_OR_RETURN(Query q, Select());
    const Token& after = Peek();
    if (IsWord(after, "UNION") || IsWord(after, "INTERSECT") || IsWord(after, "EXCEPT")) {
      return SyntaxError(after.pos, "set operations (" + Upper(after.text) + ") are not supported");
    }
    if (IsSymbol(after, ";")) {
      Next();
      if (Peek().kind != TokenKind::kEnd) {
        return SyntaxError(Peek().pos, "only one statement is allowed; found more after ';'");
      }
    }
    if (Peek().kind != TokenKind::kEnd) {
      return SyntaxError(Peek().pos, "expected the end of the query, found " + Describe(Peek()));
    }
    return q;
  }

 private:
  // ---- query
  Result<Query> Select() {
    Query q;
    CR_RETURN_IF_ERROR(ExpectWord("SELECT"));
    if (IsWord(Peek(), "DISTINCT") || IsWord(Peek(), "ALL")) {
      return SyntaxError(Peek().pos,
                         "SELECT " + Upper(Peek().text) + " is not supported; use GROUP BY");
    }
    do {
      SelectItem item;
      if (IsSymbol(Peek(), "*")) {
        item.expr.kind = ExprKind::kStar;
        item.expr.pos = Next().pos;
      } else {
        CR_ASSIGN_OR_RETURN(item.expr, Expression());
      }
      if (AcceptWord("AS")) {
        CR_ASSIGN_OR_RETURN(item.alias, Name("an alias after AS"));
      } else if (IsName(Peek())) {
        CR_ASSIGN_OR_RETURN(item.alias, Name("an alias"));
      }
      q.select.push_back(std::move(item));
    } while (AcceptSymbol(","));

    CR_RETURN_IF_ERROR(ExpectWord("FROM"));
    CR_ASSIGN_OR_RETURN(TableRef first, Table());
    q.from.push_back(std::move(first));
    while (true) {
      const Token& t = Peek();
      if (IsSymbol(t, ",")) {
        return SyntaxError(t.pos, "comma joins are not allowed; use JOIN ... ON a.id = b.id");
      }
      for (const char* kw : {"LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL"}) {
        if (IsWord(t, kw)) {
          return SyntaxError(
              t.pos, Upper(t.text) + " joins are not allowed; only inner JOIN ... ON a.id = b.id");
        }
      }
      if (AcceptWord("INNER")) {
        if (!IsWord(Peek(), "JOIN")) return Expected("JOIN after INNER");
      }
      if (!AcceptWord("JOIN")) break;
      CR_ASSIGN_OR_RETURN(TableRef next, Table());
      if (IsWord(Peek(), "USING")) {
        return SyntaxError(Peek().pos, "JOIN ... USING is not supported; write ON a.id = b.id");
      }
      CR_RETURN_IF_ERROR(ExpectWord("ON"));
      CR_ASSIGN_OR_RETURN(Expr on, Expression());
      next.on = std::move(on);
      q.from.push_back(std::move(next));
    }
    if (AcceptWord("WHERE")) {
      CR_ASSIGN_OR_RETURN(Expr w, Expression());
      q.where = std::move(w);
    }
    if (AcceptWord("GROUP")) {
      CR_RETURN_IF_ERROR(ExpectWord("BY"));
      do {
        CR_ASSIGN_OR_RETURN(Expr g, Expression());
        q.group_by.push_back(std::move(g));
      } while (AcceptSymbol(","));
    }
    if (AcceptWord("HAVING")) {
      CR_ASSIGN_OR_RETURN(Expr h, Expression());
      q.having = std::move(h);
    }
    if (IsWord(Peek(), "WINDOW")) {
      return SyntaxError(Peek().pos, "window functions (WINDOW) are not supported");
    }
    if (AcceptWord("ORDER")) {
      CR_RETURN_IF_ERROR(ExpectWord("BY"));
      do {
        OrderItem o;
        CR_ASSIGN_OR_RETURN(o.expr, Expression());
        if (AcceptWord("DESC")) {
          o.descending = true;
        } else {
          AcceptWord("ASC");
        }
        if (IsWord(Peek(), "NULLS")) {
          return SyntaxError(Peek().pos, "NULLS FIRST/LAST is not supported");
        }
        q.order_by.push_back(std::move(o));
      } while (AcceptSymbol(","));
    }
    if (AcceptWord("LIMIT")) {
      const Token& n = Peek();
      if (n.kind != TokenKind::kNumber || n.text.find('.') != std::string::npos) {
        return Expected("a whole number after LIMIT");
      }
      Next();
      if (n.text.size() > 12) return SyntaxError(n.pos, "LIMIT is too large");
      q.limit = std::stoll(n.text);
      if (IsWord(Peek(), "OFFSET") || IsSymbol(Peek(), ",")) {
        return SyntaxError(Peek().pos, "OFFSET is not supported");
      }
    }
    return q;
  }

  Result<TableRef> Table() {
    TableRef r;
    r.pos = Peek().pos;
    if (IsSymbol(Peek(), "(")) {
      if (IsWord(Peek(1), "SELECT") || IsWord(Peek(1), "WITH")) {
        return SyntaxError(Peek().pos, "subqueries are not supported");
      }
      return Expected("a dataset name");
    }
    CR_ASSIGN_OR_RETURN(r.dataset, Name("a dataset name"));
    if (IsSymbol(Peek(), ".")) {
      return SyntaxError(r.pos,
                         "schema-qualified names are not supported; name a dataset of the "
                         "policy");
    }
    if (IsSymbol(Peek(), "(")) {
      return SyntaxError(r.pos, "table functions are not supported; name a dataset of the policy");
    }
    if (AcceptWord("AS")) {
      CR_ASSIGN_OR_RETURN(r.alias, Name("an alias after AS"));
    } else if (IsName(Peek())) {
      CR_ASSIGN_OR_RETURN(r.alias, Name("an alias"));
    }
    return r;
  }

  // ---- expressions, loosest first

  // What keeps a hostile query from exhausting the stack: parentheses, NOT, signs and calls
  // nest at most kMaxNesting deep, and an expression tree is at most kMaxHeight nodes high
  // (a chain a + b + c ... is built by a loop, so it needs its own limit). The plan's wire form
  // (sql/query_json.cc) reads trees of that height.
  static constexpr int kMaxNesting = 100;
  static constexpr int kMaxHeight = kMaxExpressionHeight;
  int nesting_ = 0;

  // One level of nesting while it lives.
  struct Nested {
    explicit Nested(int& n) : n_(++n) {}
    ~Nested() { --n_; }
    int& n_;
  };
  Error TooNested() const {
    return SyntaxError(Peek().pos, "expression nested too deeply: more than " +
                                       std::to_string(kMaxNesting) +
                                       " levels of parentheses, NOT, signs or calls");
  }
  static int Height(const Expr& e) {
    int h = 0;
    for (const Expr& c : e.children) h = std::max(h, Height(c));
    return h + 1;
  }
  static Error TooHigh(SourcePos pos) {
    return SyntaxError(pos, "expression too deep: more than " + std::to_string(kMaxHeight) +
                                " operators nested in one another");
  }

  Result<Expr> Expression() {
    Nested n(nesting_);
    if (nesting_ > kMaxNesting) return TooNested();
    CR_ASSIGN_OR_RETURN(Expr e, OrExpr());
    if (Height(e) > kMaxHeight) return TooHigh(e.pos);
    return e;
  }

  static Result<Expr> Binary(Op op, SourcePos pos, Expr a, Expr b) {
    Expr e;
    e.kind = ExprKind::kBinary;
    e.op = op;
    e.pos = pos;
    e.children.push_back(std::move(a));
    e.children.push_back(std::move(b));
    if (Height(e) > kMaxHeight) return TooHigh(pos);
    return e;
  }

  Result<Expr> OrExpr() {
    CR_ASSIGN_OR_RETURN(Expr left, AndExpr());
    while (IsWord(Peek(), "OR")) {
      SourcePos pos = Next().pos;
      CR_ASSIGN_OR_RETURN(Expr right, AndExpr());
      CR_ASSIGN_OR_RETURN(left, Binary(Op::kOr, pos, std::move(left), std::move(right)));
    }
    return left;
  }

  Result<Expr> AndExpr() {
    CR_ASSIGN_OR_RETURN(Expr left, NotExpr());
    while (IsWord(Peek(), "AND")) {
      SourcePos pos = Next().pos;
      CR_ASSIGN_OR_RETURN(Expr right, NotExpr());
      CR_ASSIGN_OR_RETURN(left, Binary(Op::kAnd, pos, std::move(left), std::move(right)));
    }
    return left;
  }

  Result<Expr> NotExpr() {
    if (IsWord(Peek(), "NOT")) {
      Nested n(nesting_);
      if (nesting_ > kMaxNesting) return TooNested();
      if (IsWord(Peek(1), "EXISTS"))
        return SyntaxError(Peek(1).pos, "subqueries are not supported");
      Expr e;
      e.kind = ExprKind::kUnary;
      e.op = Op::kNot;
      e.pos = Next().pos;
      CR_ASSIGN_OR_RETURN(Expr inner, NotExpr());
      e.children.push_back(std::move(inner));
      return e;
    }
    return Predicate();
  }

  Result<Expr> Predicate() {
    CR_ASSIGN_OR_RETURN(Expr left, Additive());
    const Token& t = Peek();
    static const std::pair<const char*, Op> kCmp[] = {
        {"=", Op::kEq},  {"<>", Op::kNe}, {"!=", Op::kNe}, {"<=", Op::kLe},
        {">=", Op::kGe}, {"<", Op::kLt},  {">", Op::kGt}};
    for (const auto& [sym, op] : kCmp) {
      if (IsSymbol(t, sym)) {
        SourcePos pos = Next().pos;
        if (IsWord(Peek(), "ANY") || IsWord(Peek(), "ALL") || IsWord(Peek(), "SOME")) {
          return SyntaxError(Peek().pos, "subqueries are not supported");
        }
        CR_ASSIGN_OR_RETURN(Expr right, Additive());
        return Binary(op, pos, std::move(left), std::move(right));
      }
    }
    Expr e;
    e.pos = t.pos;
    if (AcceptWord("IS")) {
      e.kind = ExprKind::kIsNull;
      e.negated = AcceptWord("NOT");
      if (!AcceptWord("NULL")) return Expected("NULL after IS (IS DISTINCT FROM is not supported)");
      e.children.push_back(std::move(left));
      return e;
    }
    e.negated = AcceptWord("NOT");
    if (AcceptWord("IN")) {
      e.kind = ExprKind::kIn;
      CR_RETURN_IF_ERROR(ExpectSymbol("("));
      if (IsWord(Peek(), "SELECT") || IsWord(Peek(), "WITH")) {
        return SyntaxError(Peek().pos, "subqueries are not supported");
      }
      e.children.push_back(std::move(left));
      do {
        CR_ASSIGN_OR_RETURN(Expr item, Additive());
        e.children.push_back(std::move(item));
      } while (AcceptSymbol(","));
      CR_RETURN_IF_ERROR(ExpectSymbol(")"));
      return e;
    }
    if (AcceptWord("BETWEEN")) {
      e.kind = ExprKind::kBetween;
      CR_ASSIGN_OR_RETURN(Expr lo, Additive());
      CR_RETURN_IF_ERROR(ExpectWord("AND"));
      CR_ASSIGN_OR_RETURN(Expr hi, Additive());
      e.children.push_back(std::move(left));
      e.children.push_back(std::move(lo));
      e.children.push_back(std::move(hi));
      return e;
    }
    if (AcceptWord("LIKE")) {
      e.kind = ExprKind::kLike;
      CR_ASSIGN_OR_RETURN(Expr pattern, Additive());
      if (IsWord(Peek(), "ESCAPE"))
        return SyntaxError(Peek().pos, "LIKE ... ESCAPE is not supported");
      e.children.push_back(std::move(left));
      e.children.push_back(std::move(pattern));
      return e;
    }
    if (e.negated) return Expected("IN, BETWEEN or LIKE after NOT");
    for (const char* kw : {"GLOB", "REGEXP", "MATCH", "ILIKE", "SIMILAR"}) {
      if (IsWord(Peek(), kw))
        return SyntaxError(Peek().pos, Upper(kw) + std::string(" is not supported"));
    }
    return left;
  }

  Result<Expr> Additive() {
    CR_ASSIGN_OR_RETURN(Expr left, Multiplicative());
    while (IsSymbol(Peek(), "+") || IsSymbol(Peek(), "-")) {
      const Token& t = Next();
      CR_ASSIGN_OR_RETURN(Expr right, Multiplicative());
      CR_ASSIGN_OR_RETURN(left, Binary(t.text == "+" ? Op::kAdd : Op::kSub, t.pos, std::move(left),
                                       std::move(right)));
    }
    return left;
  }

  Result<Expr> Multiplicative() {
    CR_ASSIGN_OR_RETURN(Expr left, Unary());
    while (IsSymbol(Peek(), "*") || IsSymbol(Peek(), "/")) {
      const Token& t = Next();
      CR_ASSIGN_OR_RETURN(Expr right, Unary());
      CR_ASSIGN_OR_RETURN(left, Binary(t.text == "*" ? Op::kMul : Op::kDiv, t.pos, std::move(left),
                                       std::move(right)));
    }
    return left;
  }

  Result<Expr> Unary() {
    if (IsSymbol(Peek(), "-") || IsSymbol(Peek(), "+")) {
      Nested n(nesting_);
      if (nesting_ > kMaxNesting) return TooNested();
      const Token& t = Next();
      CR_ASSIGN_OR_RETURN(Expr inner, Unary());
      if (t.text == "+") return inner;
      if (inner.kind == ExprKind::kLiteral &&
          (inner.literal_type == ValueType::kInt || inner.literal_type == ValueType::kDecimal)) {
        inner.int_value = -inner.int_value;
        inner.pos = t.pos;
        return inner;
      }
      Expr e;
      e.kind = ExprKind::kUnary;
      e.op = Op::kNeg;
      e.pos = t.pos;
      e.children.push_back(std::move(inner));
      return e;
    }
    return Primary();
  }

  Result<Expr> Primary() {
    const Token& t = Peek();
    Expr e;
    e.pos = t.pos;
    if (t.kind == TokenKind::kNumber) {
      Next();
      e.kind = ExprKind::kLiteral;
      if (t.text.find('.') == std::string::npos) {
        if (t.text.size() > 18 || std::stoll(t.text) > kMaxExactLiteral) {
          return SyntaxError(t.pos, "integer literal is too large (at most " +
                                        std::to_string(kMaxExactLiteral) + ")");
        }
        e.literal_type = ValueType::kInt;
        e.int_value = std::stoll(t.text);
      } else {
        std::optional<int64_t> v = ParseFixed(t.text);
        if (!v || *v > kMaxExactLiteral) {
          return SyntaxError(t.pos, "decimal literal " + t.text +
                                        " has more than 4 decimal places or is too large");
        }
        e.literal_type = ValueType::kDecimal;
        e.int_value = *v;
      }
      return e;
    }
    if (t.kind == TokenKind::kString) {
      Next();
      e.kind = ExprKind::kLiteral;
      e.literal_type = ValueType::kString;
      e.string_value = t.text;
      return e;
    }
    if (IsSymbol(t, "(")) {
      Next();
      if (IsWord(Peek(), "SELECT") || IsWord(Peek(), "WITH")) {
        return SyntaxError(Peek().pos, "subqueries are not supported");
      }
      CR_ASSIGN_OR_RETURN(Expr inner, Expression());
      if (IsSymbol(Peek(), ",")) return SyntaxError(Peek().pos, "row values are not supported");
      CR_RETURN_IF_ERROR(ExpectSymbol(")"));
      return inner;
    }
    if (t.kind == TokenKind::kWord) {
      std::string up = Upper(t.text);
      if (up == "NULL" || up == "TRUE" || up == "FALSE") {
        Next();
        e.kind = ExprKind::kLiteral;
        e.literal_type = up == "NULL" ? ValueType::kNull : ValueType::kBool;
        e.int_value = up == "TRUE" ? 1 : 0;
        return e;
      }
      if (up == "DATE" && Peek(1).kind == TokenKind::kString) {
        Next();
        const Token& s = Next();
        std::optional<int64_t> d = ParseDate(s.text);
        if (!d) return SyntaxError(s.pos, "expected a date 'YYYY-MM-DD', found '" + s.text + "'");
        e.kind = ExprKind::kLiteral;
        e.literal_type = ValueType::kDate;
        e.int_value = *d;
        return e;
      }
      if (up == "EXISTS") return SyntaxError(t.pos, "subqueries are not supported");
      if (up == "CASE" || up == "CAST") {
        return SyntaxError(t.pos, up + " expressions are not supported");
      }
      if (IsSymbol(Peek(1), "(")) return Call();
    }
    if (!IsName(t)) return Expected("an expression");
    e.kind = ExprKind::kColumn;
    CR_ASSIGN_OR_RETURN(std::string first, Name("a column"));
    if (AcceptSymbol(".")) {
      if (IsSymbol(Peek(), "*")) {
        e.kind = ExprKind::kStar;
        e.qualifier = first;
        Next();
        return e;
      }
      e.qualifier = first;
      CR_ASSIGN_OR_RETURN(e.name, Name("a column name after '.'"));
      if (IsSymbol(Peek(), ".")) {
        return SyntaxError(e.pos, "schema-qualified names are not supported; write alias.column");
      }
    } else {
      e.name = first;
    }
    return e;
  }

  // COUNT(*), COUNT(DISTINCT x), COUNT(x), SUM(x), AVG(x), MIN(x), MAX(x)
  Result<Expr> Call() {
    const Token& fn = Next();
    std::string up = Upper(fn.text);
    Expr e;
    e.kind = ExprKind::kAggregate;
    e.pos = fn.pos;
    if (up == "COUNT") {
      e.agg = AggFn::kCountStar;
    } else if (up == "SUM") {
      e.agg = AggFn::kSum;
    } else if (up == "AVG") {
      e.agg = AggFn::kAvg;
    } else if (up == "MIN") {
      e.agg = AggFn::kMin;
    } else if (up == "MAX") {
      e.agg = AggFn::kMax;
    } else {
      return SyntaxError(fn.pos,
                         "function " + up + " is not supported; use COUNT, SUM, AVG, MIN or MAX");
    }
    Next();  // (
    if (up == "COUNT" && IsSymbol(Peek(), "*")) {
      Next();
    } else {
      if (AcceptWord("DISTINCT")) {
        if (up != "COUNT") {
          return SyntaxError(fn.pos, "DISTINCT is allowed only in COUNT(DISTINCT identifier)");
        }
        e.agg = AggFn::kCountDistinct;
      } else if (IsWord(Peek(), "ALL")) {
        return SyntaxError(Peek().pos, "ALL inside an aggregate is not supported");
      }
      CR_ASSIGN_OR_RETURN(Expr arg, Expression());
      e.children.push_back(std::move(arg));
      // COUNT(x) keeps kCountStar with one child; the binder refuses it with its rule.
    }
    if (IsSymbol(Peek(), ",")) {
      return SyntaxError(Peek().pos, up + " takes one argument");
    }
    CR_RETURN_IF_ERROR(ExpectSymbol(")"));
    if (IsWord(Peek(), "FILTER"))
      return SyntaxError(Peek().pos, "FILTER clauses are not supported");
    if (IsWord(Peek(), "OVER")) {
      return SyntaxError(Peek().pos, "window functions (OVER) are not supported");
    }
    return e;
  }
};

}  // namespace

Result<Query> Parse(std::string_view text) {
  CR_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(text));
  return Parser(std::move(tokens)).Statement();
}

}  // namespace cleanroom::sql

#include "sql/query_json.h"

#include <array>

#include "common/canonical_json.h"

namespace cleanroom::sql {
namespace {

constexpr std::array<const char*, 10> kKinds = {"column", "literal",  "star",    "unary",
                                                "binary", "in",       "between", "is_null",
                                                "like",   "aggregate"};
constexpr std::array<const char*, 14> kOps = {"and", "or", "not", "neg", "eq",  "ne",  "lt",
                                              "le",  "gt", "ge",  "add", "sub", "mul", "div"};
constexpr std::array<const char*, 6> kAggs = {"count_star", "count_distinct", "sum", "avg", "min",
                                              "max"};
constexpr std::array<const char*, 7> kTypes = {"null", "bool",   "int",   "decimal",
                                               "date", "string", "double"};

template <size_t N>
int IndexOf(const std::array<const char*, N>& names, const std::string& s) {
  for (size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<int>(i);
  }
  return -1;
}

Json ExprToJson(const Expr& e) {
  Json j = Json::object();
  j["kind"] = kKinds[static_cast<int>(e.kind)];
  switch (e.kind) {
    case ExprKind::kColumn:
    case ExprKind::kStar:
      if (!e.qualifier.empty()) j["qualifier"] = e.qualifier;
      if (e.kind == ExprKind::kColumn) j["name"] = e.name;
      break;
    case ExprKind::kLiteral:
      j["type"] = kTypes[static_cast<int>(e.literal_type)];
      if (e.literal_type == ValueType::kString) {
        j["value"] = e.string_value;
      } else if (e.literal_type != ValueType::kNull) {
        j["value"] = e.int_value;
      }
      break;
    case ExprKind::kUnary:
    case ExprKind::kBinary:
      j["op"] = kOps[static_cast<int>(e.op)];
      break;
    case ExprKind::kAggregate:
      j["fn"] = kAggs[static_cast<int>(e.agg)];
      break;
    default:
      j["negated"] = e.negated;
  }
  if (!e.children.empty()) {
    Json args = Json::array();
    for (const Expr& c : e.children) args.push_back(ExprToJson(c));
    j["args"] = std::move(args);
  }
  return j;
}

class Reader {
 public:
  Reader() : rd_("plan", ErrorCode::kRejected) {}

  Result<Expr> ExprFrom(const Json& j, const std::string& path, int depth) {
    if (depth >= kMaxExpressionHeight) return rd_.Fail(path, "expression nested too deeply");
    if (!j.is_object()) return rd_.Fail(path, "expected an object");
    Expr e;
    CR_ASSIGN_OR_RETURN(std::string kind, rd_.String(j, path, "kind"));
    int k = IndexOf(kKinds, kind);
    if (k < 0) return rd_.Fail(JoinPath(path, "kind"), "unknown expression kind '" + kind + "'");
    e.kind = static_cast<ExprKind>(k);
    CR_RETURN_IF_ERROR(rd_.OnlyKeys(
        j, path, {"kind", "qualifier", "name", "type", "value", "op", "fn", "negated", "args"}));
    if (j.contains("args")) {
      const Json& args = j.at("args");
      if (!args.is_array()) return rd_.Fail(JoinPath(path, "args"), "expected an array");
      for (size_t i = 0; i < args.size(); ++i) {
        CR_ASSIGN_OR_RETURN(
            Expr c, ExprFrom(args[i], JoinPath(path, "args." + std::to_string(i)), depth + 1));
        e.children.push_back(std::move(c));
      }
    }
    size_t n = e.children.size();
    size_t lo = 0, hi = 0;
    switch (e.kind) {
      case ExprKind::kColumn:
      case ExprKind::kStar:
        if (j.contains("qualifier")) {
          CR_ASSIGN_OR_RETURN(e.qualifier, rd_.String(j, path, "qualifier"));
        }
        if (e.kind == ExprKind::kColumn) {
          CR_ASSIGN_OR_RETURN(e.name, rd_.String(j, path, "name"));
        }
        break;
      case ExprKind::kLiteral: {
        CR_ASSIGN_OR_RETURN(std::string t, rd_.String(j, path, "type"));
        int ti = IndexOf(kTypes, t);
        if (ti < 0 || t == "double") return rd_.Fail(JoinPath(path, "type"), "unknown type");
        e.literal_type = static_cast<ValueType>(ti);
        if (e.literal_type == ValueType::kString) {
          CR_ASSIGN_OR_RETURN(e.string_value, rd_.String(j, path, "value"));
        } else if (e.literal_type != ValueType::kNull) {
          CR_ASSIGN_OR_RETURN(e.int_value, rd_.Integer(j, path, "value"));
          // As the parser: the plan's hash (canonical JSON, doubles) must pin the value.
          if (e.int_value > kMaxExactJsonInteger || e.int_value < -kMaxExactJsonInteger) {
            return rd_.Fail(JoinPath(path, "value"), "expected an integer of magnitude <= " +
                                                         std::to_string(kMaxExactJsonInteger));
          }
        }
        break;
      }
      case ExprKind::kUnary:
      case ExprKind::kBinary: {
        CR_ASSIGN_OR_RETURN(std::string op, rd_.String(j, path, "op"));
        int oi = IndexOf(kOps, op);
        bool unary = op == "not" || op == "neg";
        if (oi < 0 || unary != (e.kind == ExprKind::kUnary)) {
          return rd_.Fail(JoinPath(path, "op"), "unknown operator '" + op + "'");
        }
        e.op = static_cast<Op>(oi);
        lo = hi = unary ? 1 : 2;
        break;
      }
      case ExprKind::kAggregate: {
        CR_ASSIGN_OR_RETURN(std::string fn, rd_.String(j, path, "fn"));
        int fi = IndexOf(kAggs, fn);
        if (fi < 0) return rd_.Fail(JoinPath(path, "fn"), "unknown aggregate '" + fn + "'");
        e.agg = static_cast<AggFn>(fi);
        lo = e.agg == AggFn::kCountStar ? 0 : 1;
        hi = 1;
        break;
      }
      default:
        CR_ASSIGN_OR_RETURN(e.negated, rd_.Bool(j, path, "negated"));
        lo = e.kind == ExprKind::kIsNull ? 1 : e.kind == ExprKind::kBetween ? 3 : 2;
        hi = e.kind == ExprKind::kIn ? 100000 : lo;
    }
    if (n < lo || n > hi) return rd_.Fail(JoinPath(path, "args"), "wrong number of arguments");
    return e;
  }

  Result<Query> QueryFrom(const Json& j) {
    Query q;
    if (!j.is_object()) return rd_.Fail("query", "expected an object");
    CR_RETURN_IF_ERROR(rd_.OnlyKeys(
        j, "query", {"select", "from", "where", "group_by", "having", "order_by", "limit"}));
    auto array = [&](const char* key) -> Result<const Json*> {
      if (!j.contains(key)) return static_cast<const Json*>(nullptr);
      if (!j.at(key).is_array()) return rd_.Fail(JoinPath("query", key), "expected an array");
      return &j.at(key);
    };
    CR_ASSIGN_OR_RETURN(const Json* select, array("select"));
    CR_ASSIGN_OR_RETURN(const Json* from, array("from"));
    if (select == nullptr || select->empty() || from == nullptr || from->empty()) {
      return rd_.Fail("query", "expected non-empty select and from");
    }
    for (size_t i = 0; i < select->size(); ++i) {
      std::string p = "query.select." + std::to_string(i);
      const Json& s = (*select)[i];
      if (!s.is_object()) return rd_.Fail(p, "expected an object");
      CR_RETURN_IF_ERROR(rd_.OnlyKeys(s, p, {"expr", "alias"}));
      SelectItem item;
      if (!s.contains("expr")) return rd_.Fail(p, "missing expr");
      CR_ASSIGN_OR_RETURN(item.expr, ExprFrom(s.at("expr"), JoinPath(p, "expr"), 0));
      if (s.contains("alias")) {
        CR_ASSIGN_OR_RETURN(item.alias, rd_.String(s, p, "alias"));
      }
      q.select.push_back(std::move(item));
    }
    for (size_t i = 0; i < from->size(); ++i) {
      std::string p = "query.from." + std::to_string(i);
      const Json& t = (*from)[i];
      if (!t.is_object()) return rd_.Fail(p, "expected an object");
      CR_RETURN_IF_ERROR(rd_.OnlyKeys(t, p, {"dataset", "alias", "on"}));
      TableRef r;
      CR_ASSIGN_OR_RETURN(r.dataset, rd_.String(t, p, "dataset"));
      if (t.contains("alias")) {
        CR_ASSIGN_OR_RETURN(r.alias, rd_.String(t, p, "alias"));
      }
      if ((i > 0) != t.contains("on")) return rd_.Fail(p, "every JOIN (only) needs 'on'");
      if (i > 0) {
        CR_ASSIGN_OR_RETURN(r.on, ExprFrom(t.at("on"), JoinPath(p, "on"), 0));
      }
      q.from.push_back(std::move(r));
    }
    if (j.contains("where")) {
      CR_ASSIGN_OR_RETURN(q.where, ExprFrom(j.at("where"), "query.where", 0));
    }
    if (j.contains("having")) {
      CR_ASSIGN_OR_RETURN(q.having, ExprFrom(j.at("having"), "query.having", 0));
    }
    CR_ASSIGN_OR_RETURN(const Json* group, array("group_by"));
    for (size_t i = 0; group && i < group->size(); ++i) {
      CR_ASSIGN_OR_RETURN(Expr g, ExprFrom((*group)[i], "query.group_by." + std::to_string(i), 0));
      q.group_by.push_back(std::move(g));
    }
    CR_ASSIGN_OR_RETURN(const Json* order, array("order_by"));
    for (size_t i = 0; order && i < order->size(); ++i) {
      std::string p = "query.order_by." + std::to_string(i);
      const Json& o = (*order)[i];
      if (!o.is_object()) return rd_.Fail(p, "expected an object");
      CR_RETURN_IF_ERROR(rd_.OnlyKeys(o, p, {"expr", "descending"}));
      OrderItem item;
      if (!o.contains("expr")) return rd_.Fail(p, "missing expr");
      CR_ASSIGN_OR_RETURN(item.expr, ExprFrom(o.at("expr"), JoinPath(p, "expr"), 0));
      CR_ASSIGN_OR_RETURN(item.descending, rd_.Bool(o, p, "descending"));
      q.order_by.push_back(std::move(item));
    }
    if (j.contains("limit")) {
      CR_ASSIGN_OR_RETURN(int64_t limit, rd_.Integer(j, "query", "limit"));
      if (limit < 0) return rd_.Fail("query.limit", "expected an integer >= 0");
      q.limit = limit;
    }
    return q;
  }

 private:
  JsonReader rd_;
};

}  // namespace

Json QueryToJson(const Query& q) {
  Json j = Json::object();
  Json select = Json::array();
  for (const SelectItem& s : q.select) {
    Json item = {{"expr", ExprToJson(s.expr)}};
    if (!s.alias.empty()) item["alias"] = s.alias;
    select.push_back(std::move(item));
  }
  j["select"] = std::move(select);
  Json from = Json::array();
  for (const TableRef& t : q.from) {
    Json item = {{"dataset", t.dataset}};
    if (!t.alias.empty()) item["alias"] = t.alias;
    if (t.on) item["on"] = ExprToJson(*t.on);
    from.push_back(std::move(item));
  }
  j["from"] = std::move(from);
  if (q.where) j["where"] = ExprToJson(*q.where);
  if (!q.group_by.empty()) {
    Json g = Json::array();
    for (const Expr& e : q.group_by) g.push_back(ExprToJson(e));
    j["group_by"] = std::move(g);
  }
  if (q.having) j["having"] = ExprToJson(*q.having);
  if (!q.order_by.empty()) {
    Json o = Json::array();
    for (const OrderItem& i : q.order_by) {
      o.push_back({{"expr", ExprToJson(i.expr)}, {"descending", i.descending}});
    }
    j["order_by"] = std::move(o);
  }
  if (q.limit) j["limit"] = *q.limit;
  return j;
}

Result<Query> QueryFromJson(const Json& j) { return Reader().QueryFrom(j); }

}  // namespace cleanroom::sql

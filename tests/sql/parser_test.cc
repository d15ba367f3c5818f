// The parser: the contract's SQL parses; everything outside it is refused with its position.
#include "sql/parser.h"

#include <gtest/gtest.h>

namespace cleanroom::sql {
namespace {

std::string Rejection(const std::string& sql) {
  Result<Query> q = Parse(sql);
  if (q.ok()) return "parsed";
  EXPECT_EQ(q.error().code, ErrorCode::kRejected);
  return q.error().message;
}

TEST(Parser, ContractAttributionQuery) {
  Result<Query> q = Parse(R"(SELECT e.campaign_id,
       COUNT(DISTINCT p.email) AS converted_users,
       SUM(p.total_spent)      AS total_revenue
FROM exposures e JOIN purchases p ON e.email = p.email
WHERE e.exposure_date < p.purchase_date
GROUP BY e.campaign_id
ORDER BY converted_users DESC)");
  ASSERT_TRUE(q.ok()) << q.error().message;
  ASSERT_EQ(q->select.size(), 3u);
  EXPECT_EQ(ExprText(q->select[0].expr), "e.campaign_id");
  EXPECT_EQ(ExprText(q->select[1].expr), "COUNT(DISTINCT p.email)");
  EXPECT_EQ(q->select[1].alias, "converted_users");
  EXPECT_EQ(ExprText(q->select[2].expr), "SUM(p.total_spent)");
  ASSERT_EQ(q->from.size(), 2u);
  EXPECT_EQ(q->from[0].dataset, "exposures");
  EXPECT_EQ(q->from[0].alias, "e");
  EXPECT_EQ(ExprText(*q->from[1].on), "(e.email = p.email)");
  EXPECT_EQ(ExprText(*q->where), "(e.exposure_date < p.purchase_date)");
  ASSERT_EQ(q->order_by.size(), 1u);
  EXPECT_TRUE(q->order_by[0].descending);
  EXPECT_EQ(q->select[1].expr.pos.line, 2);
  EXPECT_EQ(q->select[1].expr.pos.column, 8);
}

TEST(Parser, KeywordsCaseInsensitiveQuotedNamesCommentsAndOneSemicolon) {
  Result<Query> q = Parse(
      "select \"Campaign\", count(*) -- a comment; DROP TABLE x\n"
      "from Exposures /* block ; comment */ where x between 1 and 2.5 and y not in ('a', 'b') "
      "and z is not null and w not like 'sg%' and d >= date '2025-10-01' group by \"Campaign\" "
      "having count(*) > 1 order by 2 desc, 1 limit 10;");
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->select[0].expr.name, "Campaign");
  EXPECT_EQ(q->from[0].dataset, "exposures");
  EXPECT_EQ(ExprText(*q->where),
            "(((((x BETWEEN 1 AND 2.5) AND (y NOT IN ('a', 'b'))) AND (z IS NOT NULL)) AND (w NOT "
            "LIKE 'sg%')) AND (d >= DATE '2025-10-01'))");
  EXPECT_EQ(*q->limit, 10);
}

TEST(Parser, OperatorPrecedence) {
  Result<Query> q = Parse("SELECT COUNT(*) FROM t WHERE NOT a = 1 OR b + 2 * -c > 3 AND d");
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(ExprText(*q->where), "((NOT (a = 1)) OR (((b + (2 * (-c))) > 3) AND d))");
}

TEST(Parser, RejectsWhatTheContractDoesNotList) {
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM (SELECT * FROM purchases)"),
            "1:22: subqueries are not supported");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t WHERE x IN (SELECT y FROM u)"),
            "1:36: subqueries are not supported");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t WHERE EXISTS (SELECT 1)"),
            "1:30: subqueries are not supported");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t UNION SELECT COUNT(*) FROM u"),
            "1:24: set operations (UNION) are not supported");
  EXPECT_EQ(Rejection("WITH x AS (SELECT 1) SELECT COUNT(*) FROM x"),
            "1:1: common table expressions (WITH) are not supported");
  EXPECT_EQ(Rejection("SELECT COUNT(*) OVER (PARTITION BY a) FROM t"),
            "1:17: window functions (OVER) are not supported");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t; SELECT COUNT(*) FROM u"),
            "1:25: only one statement is allowed; found more after ';'");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t /* harmless? */; /* no */ DROP TABLE t"),
            "1:50: only one statement is allowed; found more after ';'");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t -- ;\n; DELETE FROM t"),
            "2:3: only one statement is allowed; found more after ';'");
  EXPECT_EQ(Rejection("DROP TABLE purchases"), "1:1: only SELECT queries are allowed; DROP is not");
  EXPECT_EQ(Rejection("insert into purchases values (1)"),
            "1:1: only SELECT queries are allowed; INSERT is not");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM a LEFT JOIN b ON a.id = b.id"),
            "1:24: LEFT joins are not allowed; only inner JOIN ... ON a.id = b.id");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM a CROSS JOIN b"),
            "1:24: CROSS joins are not allowed; only inner JOIN ... ON a.id = b.id");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM a FULL OUTER JOIN b ON a.id = b.id"),
            "1:24: FULL joins are not allowed; only inner JOIN ... ON a.id = b.id");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM a, b"),
            "1:23: comma joins are not allowed; use JOIN ... ON a.id = b.id");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM main.purchases"),
            "1:22: schema-qualified names are not supported; name a dataset of the policy");
  EXPECT_EQ(Rejection("SELECT DISTINCT a FROM t"),
            "1:8: SELECT DISTINCT is not supported; use GROUP BY");
  EXPECT_EQ(Rejection("SELECT UPPER(a) FROM t"),
            "1:8: function UPPER is not supported; use COUNT, SUM, AVG, MIN or MAX");
  EXPECT_EQ(Rejection("SELECT SUM(DISTINCT a) FROM t"),
            "1:8: DISTINCT is allowed only in COUNT(DISTINCT identifier)");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t WHERE a = 'open"),
            "1:34: unterminated string literal");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t /* open"), "1:24: unterminated comment /* ... */");
  EXPECT_EQ(Rejection("SELECT COUNT(*)\nFROM t\nWHERE a = = 1"),
            "3:11: expected an expression, found '='");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t WHERE a = 1.23456"),
            "1:34: decimal literal 1.23456 has more than 4 decimal places or is too large");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t LIMIT 5 OFFSET 2"), "1:32: OFFSET is not supported");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t WHERE a = `x`"),
            "1:34: quote identifiers with \" (backticks and brackets are not SQL)");
  EXPECT_EQ(Rejection("SELECT CASE WHEN a THEN 1 END FROM t"),
            "1:8: CASE expressions are not supported");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t WHERE d > DATE '2025-02-30'"),
            "1:39: expected a date 'YYYY-MM-DD', found '2025-02-30'");
  EXPECT_EQ(Rejection(""), "1:1: expected SELECT, found the end of the query");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM t GROUP a"), "1:30: expected BY, found 'a'");
}

TEST(Parser, InnerJoinAndTrailingSemicolonAreAllowed) {
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM a INNER JOIN b ON a.id = b.id;  -- done"), "parsed");
  EXPECT_EQ(Rejection("SELECT COUNT(*) FROM a JOIN b ON a.id = b.id JOIN c ON c.id = a.id"),
            "parsed");
}

}  // namespace
}  // namespace cleanroom::sql

#include "sql/keywords.h"

#include <cctype>

namespace cleanroom::sql {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Words that cannot be an unquoted name or alias (quote them with "...").
const std::set<std::string>& Reserved() {
  static const std::set<std::string> k = {
      "SELECT",  "FROM",  "WHERE",    "GROUP",  "BY",     "HAVING",  "ORDER",     "LIMIT",
      "OFFSET",  "JOIN",  "INNER",    "LEFT",   "RIGHT",  "FULL",    "OUTER",     "CROSS",
      "NATURAL", "ON",    "USING",    "AND",    "OR",     "NOT",     "IN",        "BETWEEN",
      "IS",      "NULL",  "LIKE",     "AS",     "ASC",    "DESC",    "UNION",     "INTERSECT",
      "EXCEPT",  "WITH",  "DISTINCT", "TRUE",   "FALSE",  "CASE",    "WHEN",      "THEN",
      "ELSE",    "END",   "OVER",     "WINDOW", "ALL",    "EXISTS",  "ESCAPE",    "GLOB",
      "REGEXP",  "MATCH", "COLLATE",  "CAST",   "INSERT", "UPDATE",  "DELETE",    "CREATE",
      "DROP",    "ALTER", "VALUES",   "INTO",   "SET",    "LATERAL", "RECURSIVE", "QUALIFY"};
  return k;
}

const std::set<std::string>& StatementWords() {
  static const std::set<std::string> k = {
      "INSERT",   "UPDATE",    "DELETE",  "CREATE",  "DROP",     "ALTER",  "ATTACH",
      "DETACH",   "PRAGMA",    "REPLACE", "VACUUM",  "GRANT",    "REVOKE", "TRUNCATE",
      "MERGE",    "UPSERT",    "REINDEX", "ANALYZE", "EXPLAIN",  "BEGIN",  "COMMIT",
      "ROLLBACK", "SAVEPOINT", "RELEASE", "COPY",    "CALL",     "EXEC",   "EXECUTE",
      "LOAD",     "INSTALL",   "VALUES",  "SHOW",    "DESCRIBE", "USE",    "SET"};
  return k;
}

}  // namespace cleanroom::sql

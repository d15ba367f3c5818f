// Recursive-descent parser for the SQL of docs/sql.md. Produces an unbound Query; the binder
// (sql/binder.h) checks names and the policy's rules. Everything outside the contract's SQL —
// subqueries, set operations, CTEs, window functions, a second statement, DDL and DML, outer,
// cross, natural and comma joins, schema-qualified names — is refused here with kRejected
// "line:column: what was found and why it is not allowed".
#pragma once

#include <string_view>

#include "common/error.h"
#include "sql/ast.h"

namespace cleanroom::sql {

Result<Query> Parse(std::string_view text);

}  // namespace cleanroom::sql

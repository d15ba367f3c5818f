// The SQL's reserved words: those that can never be an unquoted name, and the statement
// words the parser names when it refuses a statement that is not a SELECT.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace cleanroom::sql {

std::string Upper(std::string_view s);
// Cannot be an unquoted name or alias (quote it with "...").
const std::set<std::string>& Reserved();
// Begin a statement other than SELECT (DDL, DML, PRAGMA, ...).
const std::set<std::string>& StatementWords();

}  // namespace cleanroom::sql

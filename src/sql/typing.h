// Typing of the binder: the value type of each operator node from its typed children, with
// SQL's implicit conversions kept to two (int <-> decimal <-> double compare and compute as
// numbers; a string literal compared with a date is read as a date). Every refusal is a
// static-rule error "line:column: rule type-mismatch: ...".
#pragma once

#include <string>

#include "common/error.h"
#include "sql/ast.h"

namespace cleanroom::sql {

// kRejected "line:column: rule NAME: message" ("plan: ..." for a tree rebuilt from JSON).
Error RuleError(SourcePos pos, const char* rule, const std::string& msg);

bool IsNumeric(ValueType t);

// a and b may be compared (=, <, IN, BETWEEN); coerces a string literal facing a date.
Status Comparable(Expr& a, Expr& b, SourcePos pos);

// Sets e.type for a unary, binary, IN, BETWEEN, IS NULL or LIKE node whose children are typed.
Status TypeOperator(Expr& e);

}  // namespace cleanroom::sql

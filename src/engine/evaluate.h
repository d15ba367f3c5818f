// Vectorised evaluation of a bound expression (sql/ast.h) over one batch of rows, with SQL
// semantics: NULL propagates through arithmetic and comparisons, AND/OR/NOT are three-valued,
// x IN (...) is NULL when no item matches and one is NULL, division by zero is NULL, integer
// division truncates, decimals are exact fixed point (a product or quotient truncates to four
// places), LIKE is case-sensitive with % and _. Arithmetic is computed in 128 bits; a result
// that does not fit int64 (e.g. -x of the smallest int64) is an error naming the expression
// (kInternal, exit 1), never a wrapped number. Column references are resolved by the caller.
#pragma once

#include <functional>

#include "common/error.h"
#include "engine/vec.h"
#include "sql/ast.h"

namespace cleanroom::engine {

// Returns the batch's Vec for a kColumn node (table columns) or for a node with slot >= 0
// (released values), or nullptr if the batch has none (a bug: kInternal).
using ColumnLookup = std::function<const Vec*(const sql::Expr& e)>;

Result<Vec> Evaluate(const sql::Expr& e, size_t rows, const ColumnLookup& lookup);

// The rows where `condition` is TRUE (not FALSE, not NULL).
Result<std::vector<uint32_t>> Select(const sql::Expr& condition, size_t rows,
                                     const ColumnLookup& lookup);

// Total order on row a of x and row b of y (same type family): NULL first, then by value.
int CompareRows(const Vec& x, size_t a, const Vec& y, size_t b);

// SQL LIKE (case-sensitive; % any run, _ one byte).
bool Like(std::string_view text, std::string_view pattern);

}  // namespace cleanroom::engine

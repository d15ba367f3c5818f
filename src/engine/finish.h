// Finish: what happens after the release — HAVING, ORDER BY and LIMIT evaluated on released
// (possibly noised) values only, never on exact ones, then the output columns of the SELECT
// list. Rows follow ORDER BY, ties and unordered queries by the group columns ascending
// (NULL first), as docs/cli.md, "The result" says.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/json_util.h"
#include "privacy/aggregate_table.h"
#include "sql/plan.h"

namespace cleanroom::engine {

// The answer to a query. Cells: NULL as monostate, counts and ints as int64, SUM/AVG and
// decimals as double, dates as "YYYY-MM-DD" strings, strings as strings, bools as 0/1.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<sql::ValueType> types;  // of each column's values before the mapping above
  std::vector<std::vector<CellValue>> rows;
  std::vector<std::optional<NoiseInfo>> noise;  // per column; nullopt for exact ones
  size_t suppressed_groups = 0;                 // for the audit log, not the analyst
};

Result<QueryResult> Finish(const sql::Plan& plan, const ReleasedTable& released);

// {"columns": [...], "rows": [[...]]} with the cell mapping above.
Json ResultRowsToJson(const QueryResult& r);

}  // namespace cleanroom::engine

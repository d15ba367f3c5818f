// Helpers for the engine tests: plaintext twins of the test policy's datasets, an opener over
// them, and running a query end to end with the exact release.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/executor.h"
#include "engine/memory_table.h"
#include "sql/binder.h"

namespace cleanroom::testing {

using Tables = std::map<std::string, std::shared_ptr<const engine::MemoryTable>>;

inline engine::SourceOpener OpenerFor(const Tables& tables) {
  return [&tables](const std::string& name) -> Result<std::unique_ptr<TableSource>> {
    auto it = tables.find(name);
    if (it == tables.end()) return MakeError(ErrorCode::kInternal, "no table " + name);
    return it->second->Open();
  };
}

inline Result<engine::QueryResult> RunExact(const std::string& sql, const Policy& policy,
                                            const Tables& tables,
                                            engine::ExecOptions options = {}) {
  CR_ASSIGN_OR_RETURN(sql::Plan plan, sql::PlanQuery(sql, policy, "shopgood", "measurement"));
  return engine::ExecutePlan(plan, OpenerFor(tables), engine::ExactReleaseFor(plan), options);
}

// Rows as text, cells joined by " | ", for exact assertions.
inline std::vector<std::string> RowsText(const engine::QueryResult& r) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) line += " | ";
      const CellValue& v = row[c];
      if (std::holds_alternative<int64_t>(v)) {
        line += std::to_string(std::get<int64_t>(v));
      } else if (std::holds_alternative<double>(v)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.10g", std::get<double>(v));
        line += buf;
      } else if (std::holds_alternative<std::string>(v)) {
        line += std::get<std::string>(v);
      } else {
        line += "NULL";
      }
    }
    out.push_back(line);
  }
  return out;
}

}  // namespace cleanroom::testing

// The binder: resolves a parsed Query's names to the policy's datasets and columns, types every
// expression, and applies the static rules of docs/architecture.md §4. Each refusal is kRejected
// "line:column: rule NAME: what is wrong and what to do"; the rule names are listed in
// docs/sql.md. What it returns is a Plan (sql/plan.h), valid by construction.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"
#include "policy/policy.h"
#include "sql/ast.h"
#include "sql/plan.h"

namespace cleanroom::sql {

Result<Plan> Bind(const Query& query, const Policy& policy, const std::string& analyst,
                  const std::string& purpose);

// Parse + Bind.
Result<Plan> PlanQuery(std::string_view sql, const Policy& policy, const std::string& analyst,
                       const std::string& purpose);

}  // namespace cleanroom::sql

// The human form of a query result (docs/cli.md, "The result"): an aligned table, one
// line per noised column with its mechanism, scale and 95 % interval, then the budget.
#pragma once

#include <string>

#include "common/json_util.h"

namespace cleanroom::cli {

std::string FormatResultTable(const Json& result);

}  // namespace cleanroom::cli

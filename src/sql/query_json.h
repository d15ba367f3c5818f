// The wire form of a parsed Query (the part of a Plan that crosses the enclave boundary).
// QueryFromJson is strict: unknown kinds, wrong arity or missing fields are kRejected
// "plan: json.path: ...", so the binder never sees a malformed tree.
#pragma once

#include "common/error.h"
#include "common/json_util.h"
#include "sql/ast.h"

namespace cleanroom::sql {

Json QueryToJson(const Query& q);
Result<Query> QueryFromJson(const Json& j);

}  // namespace cleanroom::sql

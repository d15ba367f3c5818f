#include "enclave/query_executor.h"

namespace cleanroom {

Result<Json> ExecuteQuery(const QueryContext&, const Json&, OcallChannel&) {
  return MakeError(ErrorCode::kInternal, "execute is not available in this build yet");
}

}  // namespace cleanroom

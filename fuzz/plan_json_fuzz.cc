// The plan JSON the host sends in an execute ECALL, as the enclave rebuilds it: the
// project's JSON reader, then Plan::FromJson (version, policy hash, QueryFromJson, Bind)
// against the example policy and its exact twin; QueryFromJson also alone, on the document
// as a bare query. A plan the enclave accepts must survive its own wire form unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/json_util.h"
#include "fuzz_support.h"
#include "sql/plan.h"
#include "sql/query_json.h"

namespace cleanroom::fuzz {
namespace {

void Rebuild(const Json& doc, const Policy& policy) {
  Result<sql::Plan> plan = sql::Plan::FromJson(doc, policy);
  if (!plan.ok()) {
    CheckError("Plan::FromJson", plan.error(), {ErrorCode::kRejected, ErrorCode::kIntegrity});
    return;
  }
  const Json wire = plan->ToJson();
  Result<sql::Plan> again = sql::Plan::FromJson(Json::parse(wire.dump()), policy);
  if (!again.ok()) Fail("an accepted plan does not read back", again.error().message);
  if (again->ToJson() != wire) Fail("Plan::FromJson", "the plan changed on the round trip");
}

}  // namespace
}  // namespace cleanroom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cleanroom;
  using namespace cleanroom::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<Json> doc = ParseJson(text, "execute", ErrorCode::kIntegrity);
  if (!doc.ok()) {
    CheckError("ParseJson", doc.error(), {ErrorCode::kIntegrity});
    return 0;
  }
  Rebuild(*doc, ExamplePolicy());
  Rebuild(*doc, ExactPolicy());
  Result<sql::Query> query = sql::QueryFromJson(*doc);
  if (!query.ok()) {
    CheckError("QueryFromJson", query.error(), {ErrorCode::kRejected});
    return 0;
  }
  const Json wire = sql::QueryToJson(*query);
  Result<sql::Query> again = sql::QueryFromJson(Json::parse(wire.dump()));
  if (!again.ok()) Fail("an accepted query does not read back", again.error().message);
  if (sql::QueryToJson(*again) != wire) Fail("QueryFromJson", "the query changed on the wire");
  return 0;
}

// SQL text as an analyst sends it: lexed and parsed (sql::Parse), its wire form read back
// (QueryToJson / QueryFromJson), then bound against the example policy and its exact twin
// (sql::Bind), and the bound plan rebuilt from its wire form as the enclave does
// (Plan::FromJson). Beyond memory safety it checks what the host and the enclave rely on: a
// refusal is kRejected "line:column: ..." on one line, and every plan the host makes is one
// the enclave rebuilds identically.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "sql/binder.h"
#include "sql/parser.h"
#include "sql/plan.h"
#include "sql/query_json.h"

namespace cleanroom::fuzz {
namespace {

// "12:5: ..." (docs/sql.md: every refusal names the position).
bool HasPosition(std::string_view m) {
  for (int part = 0; part < 2; ++part) {
    size_t digits = 0;
    while (digits < m.size() && std::isdigit(static_cast<unsigned char>(m[digits]))) ++digits;
    if (digits == 0 || digits == m.size() || m[digits] != ':') return false;
    m.remove_prefix(digits + 1);
  }
  return !m.empty() && m[0] == ' ';
}

void CheckRefusal(std::string_view stage, const Error& e) {
  CheckError(stage, e, {ErrorCode::kRejected});
  if (!HasPosition(e.message)) Fail(stage, "refusal without line:column: " + e.message);
}

void BindAndShip(const sql::Query& query, const Policy& policy) {
  Result<sql::Plan> plan = sql::Bind(query, policy, "shopgood", "measurement");
  if (!plan.ok()) return CheckRefusal("Bind", plan.error());
  const Json wire = plan->ToJson();
  Result<sql::Plan> again = sql::Plan::FromJson(Json::parse(wire.dump()), policy);
  if (!again.ok()) Fail("the enclave refuses a bound plan", again.error().message);
  if (again->ToJson() != wire) Fail("Plan::FromJson", "the plan changed on the wire");
}

}  // namespace
}  // namespace cleanroom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cleanroom;
  using namespace cleanroom::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<sql::Query> query = sql::Parse(text);
  if (!query.ok()) {
    CheckRefusal("Parse", query.error());
    return 0;
  }
  const Json wire = sql::QueryToJson(*query);
  Result<sql::Query> back = sql::QueryFromJson(Json::parse(wire.dump()));
  if (!back.ok()) Fail("QueryFromJson of a parsed query", back.error().message);
  if (sql::QueryToJson(*back) != wire) Fail("QueryFromJson", "the query changed on the wire");
  BindAndShip(*query, ExamplePolicy());
  BindAndShip(*query, ExactPolicy());
  return 0;
}

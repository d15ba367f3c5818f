#include "sql/plan.h"

#include "sql/binder.h"
#include "sql/query_json.h"

namespace cleanroom::sql {

Json Plan::ToJson() const {
  return Json{{"version", 1},
              {"policy_sha256", policy_hash_},
              {"analyst", analyst_},
              {"purpose", purpose_},
              {"query", QueryToJson(query_)}};
}

Result<Plan> Plan::FromJson(const Json& j, const Policy& policy) {
  JsonReader rd("plan", ErrorCode::kRejected);
  if (!j.is_object()) return rd.Fail("", "expected an object");
  CR_RETURN_IF_ERROR(
      rd.OnlyKeys(j, "", {"version", "policy_sha256", "analyst", "purpose", "query"}));
  CR_ASSIGN_OR_RETURN(int64_t version, rd.Integer(j, "", "version"));
  if (version != 1) return rd.Fail("version", "unsupported plan version");
  CR_ASSIGN_OR_RETURN(std::string hash, rd.String(j, "", "policy_sha256"));
  if (hash != policy.hash_text()) {
    // The hash is the sender's text: written on one line.
    return MakeError(ErrorCode::kIntegrity, "plan was made for policy " + OneLineText(hash) +
                                                " but this room's policy is " + policy.hash_text());
  }
  CR_ASSIGN_OR_RETURN(std::string analyst, rd.String(j, "", "analyst"));
  CR_ASSIGN_OR_RETURN(std::string purpose, rd.String(j, "", "purpose"));
  if (!j.contains("query")) return rd.Fail("query", "missing");
  CR_ASSIGN_OR_RETURN(Query q, QueryFromJson(j.at("query")));
  return Bind(q, policy, analyst, purpose);
}

}  // namespace cleanroom::sql

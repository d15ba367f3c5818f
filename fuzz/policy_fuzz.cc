// policy.json as a party writes it (and as `policy verify`, `prepare` and the enclave's init
// read it): the project's JSON reader (ParseJson), then Policy::FromJson. A policy that is
// accepted must also survive what the tools do next with it: its canonical form (the hash
// the parties sign) read back as a policy with the same hash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/json_util.h"
#include "fuzz_support.h"
#include "policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cleanroom;
  using namespace cleanroom::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<Json> doc = ParseJson(text, "policy.json");
  if (!doc.ok()) {
    CheckError("ParseJson", doc.error(), {ErrorCode::kBadInput});
    return 0;
  }
  Result<Policy> policy = Policy::FromJson(*doc, "policy.json");
  if (!policy.ok()) {
    CheckError("Policy::FromJson", policy.error(), {ErrorCode::kBadInput});
    return 0;
  }
  Result<Json> canonical = ParseJson(policy->canonical_json(), "canonical");
  if (!canonical.ok()) Fail("the canonical form does not parse", canonical.error().message);
  Result<Policy> again = Policy::FromJson(*canonical, "canonical");
  if (!again.ok()) Fail("the canonical form is not a policy", again.error().message);
  if (again->hash() != policy->hash())
    Fail("Policy::FromJson", "the canonical form's hash differs");
  return 0;
}

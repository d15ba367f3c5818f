#include "enclave/result_signing.h"

#include "common/canonical_json.h"

namespace cleanroom {

Status SignResult(Json& result, const Ed25519KeyPair& enclave_key) {
  Json body = result;
  body.erase("signature");
  CR_ASSIGN_OR_RETURN(std::string canonical, CanonicalJson(body));
  result["signature"] = SignatureToText(enclave_key.Sign(AsBytes(canonical)));
  return Ok();
}

Status VerifyResult(const Json& result, const AttestationReport& report) {
  auto fail = [](const std::string& what) { return MakeError(ErrorCode::kIntegrity, what); };
  if (!result.is_object()) return fail("the result is not a JSON object");
  for (const char* field : {"signature", "attestation_sha256", "policy_sha256", "query_sha256"}) {
    if (!result.contains(field) || !result[field].is_string()) {
      return fail(std::string("the result has no ") + field);
    }
  }
  if (result["attestation_sha256"].get<std::string>() != report.Hash()) {
    return fail("the result names attestation " + result["attestation_sha256"].get<std::string>() +
                ", not this report (" + report.Hash() + ")");
  }
  if (result["policy_sha256"].get<std::string>() != report.policy_sha256) {
    return fail("the result names policy " + result["policy_sha256"].get<std::string>() +
                ", not the attested one");
  }
  auto sig = SignatureFromText(result["signature"].get<std::string>());
  if (!sig.ok()) return fail("the result's signature is malformed: " + sig.error().message);
  Json body = result;
  body.erase("signature");
  auto canonical = CanonicalJson(body);
  if (!canonical.ok() || !Ed25519Verify(report.enclave_signing_key, AsBytes(*canonical), *sig)) {
    return fail(
        "the result's signature does not verify under the attested enclave key "
        "(the result was altered, or another key signed it)");
  }
  return Ok();
}

}  // namespace cleanroom

#include "policy/signatures.h"

#include "common/file_io.h"
#include "common/json_util.h"

namespace cleanroom {

std::string SignaturesPathFor(const std::string& policy_path) { return policy_path + ".sigs"; }

std::string PolicySigningMessage(const Policy& policy) {
  return "cleanroom policy signature v1\n" + policy.room() + "\n" + policy.hash_text();
}

Result<PolicySignatures> LoadPolicySignatures(const std::string& path) {
  PolicySignatures sigs;
  if (!FileExists(path)) return sigs;
  CR_ASSIGN_OR_RETURN(Json doc, ParseJsonFile(path, ErrorCode::kBadInput));
  JsonReader rd(path, ErrorCode::kBadInput);
  if (!doc.is_object()) return rd.Fail("", "expected a JSON object");
  CR_RETURN_IF_ERROR(rd.OnlyKeys(doc, "", {"policy_sha256", "signatures"}));
  CR_ASSIGN_OR_RETURN(sigs.policy_sha256, rd.String(doc, "", "policy_sha256"));
  CR_ASSIGN_OR_RETURN(const Json* by, rd.Object(doc, "", "signatures"));
  for (auto it = by->begin(); it != by->end(); ++it) {
    std::string p = JoinPath("signatures", it.key());
    if (!it->is_string()) return rd.Fail(p, "expected \"ed25519:<base64>\"");
    auto sig = SignatureFromText(it->get<std::string>());
    if (!sig.ok()) return rd.Fail(p, sig.error().message);
    sigs.by_party[it.key()] = *sig;
  }
  return sigs;
}

Status SavePolicySignatures(const std::string& path, const PolicySignatures& sigs) {
  Json doc;
  doc["policy_sha256"] = sigs.policy_sha256;
  doc["signatures"] = Json::object();
  for (const auto& [party, sig] : sigs.by_party) doc["signatures"][party] = SignatureToText(sig);
  return WriteFileAtomic(path, doc.dump(2) + "\n", 0644);
}

Status AddSignature(const Policy& policy, const Identity& id, PolicySignatures& sigs) {
  auto it = policy.parties().find(id.name);
  if (it == policy.parties().end()) {
    return MakeError(ErrorCode::kIntegrity,
                     "identity \"" + id.name + "\" is not a party of room " + policy.room());
  }
  if (!(it->second == id.key.public_key())) {
    return MakeError(ErrorCode::kIntegrity, "identity \"" + id.name +
                                                "\" does not hold the public key the policy lists "
                                                "for it (" +
                                                it->second.ToText() + ")");
  }
  if (sigs.policy_sha256 != policy.hash_text()) {
    sigs.by_party.clear();  // signatures over an older version of the policy
    sigs.policy_sha256 = policy.hash_text();
  }
  sigs.by_party[id.name] = id.key.Sign(AsBytes(PolicySigningMessage(policy)));
  return Ok();
}

Status VerifyAllSigned(const Policy& policy, const PolicySignatures& sigs) {
  if (!sigs.policy_sha256.empty() && sigs.policy_sha256 != policy.hash_text()) {
    return MakeError(ErrorCode::kIntegrity,
                     "policy " + policy.hash_text() + " of room " + policy.room() +
                         " is not active: its signatures are over policy " + sigs.policy_sha256 +
                         " (the policy was changed after signing; every party must sign it again)");
  }
  std::string message = PolicySigningMessage(policy);
  std::vector<std::string> missing, invalid;
  for (const auto& [party, key] : policy.parties()) {
    auto it = sigs.by_party.find(party);
    if (it == sigs.by_party.end()) {
      missing.push_back(party);
    } else if (!Ed25519Verify(key, AsBytes(message), it->second)) {
      invalid.push_back(party);
    }
  }
  if (missing.empty() && invalid.empty()) return Ok();
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  std::string msg =
      "policy " + policy.hash_text() + " of room " + policy.room() + " is not active:";
  if (!missing.empty()) msg += " not signed by " + join(missing) + ";";
  if (!invalid.empty()) {
    msg += " signature does not verify for " + join(invalid) +
           " (the policy was changed after signing, or the signature was altered);";
  }
  msg.pop_back();
  return MakeError(ErrorCode::kIntegrity, msg);
}

}  // namespace cleanroom

#include "enclave/enclave_service.h"

#include "common/base64.h"
#include "common/json_util.h"
#include "enclave/key_release.h"
#include "enclave/query_executor.h"
#include "policy/signatures.h"

namespace cleanroom {
namespace {

// The host is untrusted: every message is read strictly, and a malformed one is an integrity
// failure naming the message and the field.
Result<Json> ParseBody(ByteView body, const std::string& what) {
  return ParseJsonObject(AsChars(body), what, ErrorCode::kIntegrity);
}

}  // namespace

EnclaveService::EnclaveService(std::string self_measurement)
    : self_measurement_(std::move(self_measurement)) {}

EnclaveService::~EnclaveService() = default;

Result<Bytes> EnclaveService::Handle(MessageType type, ByteView body, OcallChannel& host) {
  switch (type) {
    case MessageType::kInit:
      return Init(body);
    case MessageType::kProvisionKey:
      return ProvisionKey(body);
    case MessageType::kExecute:
      return Execute(body, host);
    default:
      return MakeError(ErrorCode::kIntegrity, "the enclave does not accept message type " +
                                                  std::to_string(static_cast<int>(type)));
  }
}

Result<Bytes> EnclaveService::Init(ByteView body) {
  if (policy_) return MakeError(ErrorCode::kIntegrity, "the enclave is already initialised");
  CR_ASSIGN_OR_RETURN(Json msg, ParseBody(body, "init"));
  JsonReader rd("init", ErrorCode::kIntegrity);
  CR_RETURN_IF_ERROR(rd.OnlyKeys(msg, "", {"policy", "signatures", "platform_seed"}));
  CR_ASSIGN_OR_RETURN(const Json* policy_json, rd.Object(msg, "", "policy"));
  auto policy = Policy::FromJson(*policy_json, "policy");
  if (!policy.ok()) return MakeError(ErrorCode::kIntegrity, policy.error().message);

  // Every party must have signed exactly this policy.
  PolicySignatures sigs;
  CR_ASSIGN_OR_RETURN(const Json* s, rd.Object(msg, "", "signatures"));
  CR_RETURN_IF_ERROR(rd.OnlyKeys(*s, "signatures", {"policy_sha256", "signatures"}));
  CR_ASSIGN_OR_RETURN(sigs.policy_sha256, rd.String(*s, "signatures", "policy_sha256"));
  CR_ASSIGN_OR_RETURN(const Json* by_party, rd.Object(*s, "signatures", "signatures"));
  for (auto it = by_party->begin(); it != by_party->end(); ++it) {
    CR_ASSIGN_OR_RETURN(std::string text, rd.String(*by_party, "signatures.signatures", it.key()));
    auto sig = SignatureFromText(text);
    if (!sig.ok()) {
      return rd.Fail(JoinPath("signatures.signatures", it.key()), sig.error().message);
    }
    sigs.by_party[it.key()] = *sig;
  }
  CR_RETURN_IF_ERROR(VerifyAllSigned(*policy, sigs));

  // The policy must name this very binary.
  if (policy->enclave().measurement != self_measurement_) {
    return MakeError(ErrorCode::kIntegrity, "wrong measurement: the policy expects enclave " +
                                                policy->enclave().measurement +
                                                " but this enclave is " + self_measurement_);
  }

  CR_ASSIGN_OR_RETURN(std::string seed_text, rd.String(msg, "", "platform_seed"));
  auto seed = Base64Decode(seed_text);
  if (!seed.ok() || seed->size() != 32) {
    return MakeError(ErrorCode::kIntegrity, "init: platform_seed must be 32 bytes of base64");
  }
  auto platform = Ed25519KeyPair::FromSeed(*seed);
  WipeBytes(*seed);
  if (!platform.ok()) return platform.error();

  signing_key_.emplace(Ed25519KeyPair::Generate());
  encryption_key_.emplace(X25519KeyPair::Generate());
  CR_ASSIGN_OR_RETURN(
      AttestationReport report,
      MakeSimulatedReport(*platform, self_measurement_, policy->hash_text(),
                          signing_key_->public_key(), encryption_key_->public_key()));
  report_ = report;
  audit_.emplace(*signing_key_, report.Hash());
  policy_.emplace(std::move(policy).value());
  return ToBytes(report.ToJson().dump());
}

Result<Bytes> EnclaveService::ProvisionKey(ByteView body) {
  if (!policy_) return MakeError(ErrorCode::kIntegrity, "provision_key before init");
  CR_ASSIGN_OR_RETURN(Json msg, ParseBody(body, "provision_key"));
  JsonReader rd("provision_key", ErrorCode::kIntegrity);
  CR_RETURN_IF_ERROR(rd.OnlyKeys(msg, "", {"dataset", "sealed_key"}));
  CR_ASSIGN_OR_RETURN(std::string dataset, rd.String(msg, "", "dataset"));
  CR_ASSIGN_OR_RETURN(std::string sealed_text, rd.String(msg, "", "sealed_key"));
  if (policy_->FindDataset(dataset) == nullptr) {
    return MakeError(ErrorCode::kIntegrity,
                     "provision_key: dataset " + dataset + " is not in the attested policy");
  }
  auto sealed = Base64Decode(sealed_text);
  if (!sealed.ok())
    return MakeError(ErrorCode::kIntegrity, "provision_key: sealed_key: not base64");
  CR_ASSIGN_OR_RETURN(BundleKey key,
                      OpenDataKey(*encryption_key_, *sealed, policy_->room(), dataset));
  data_keys_[dataset] = std::move(key);
  return ToBytes(Json{{"dataset", dataset}, {"provisioned", true}}.dump());
}

Result<Bytes> EnclaveService::Execute(ByteView body, OcallChannel& host) {
  if (!policy_) return MakeError(ErrorCode::kIntegrity, "execute before init");
  CR_ASSIGN_OR_RETURN(ExecuteRequest request, ReadExecuteRequest(AsChars(body), *policy_));
  QueryContext ctx{*policy_, *report_, *signing_key_, data_keys_, *audit_};
  CR_ASSIGN_OR_RETURN(Json result, ExecuteQuery(ctx, request, host));
  return ToBytes(result.dump());
}

}  // namespace cleanroom

#include "enclave/enclave_service.h"

#include "common/base64.h"
#include "common/json_util.h"
#include "enclave/key_release.h"
#include "enclave/query_executor.h"
#include "policy/signatures.h"

namespace cleanroom {
namespace {

Result<Json> ParseBody(ByteView body, const char* what) {
  return ParseJson(AsChars(body), what, ErrorCode::kIntegrity);
}

Result<std::string> StringField(const Json& j, const char* what, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) {
    return MakeError(ErrorCode::kIntegrity, std::string(what) + ": missing string field " + key);
  }
  return j[key].get<std::string>();
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
  if (!msg.is_object() || !msg.contains("policy") || !msg.contains("signatures")) {
    return MakeError(ErrorCode::kIntegrity, "init: expected {policy, signatures, platform_seed}");
  }
  auto policy = Policy::FromJson(msg["policy"], "policy");
  if (!policy.ok()) return MakeError(ErrorCode::kIntegrity, policy.error().message);

  // Every party must have signed exactly this policy.
  PolicySignatures sigs;
  const Json& s = msg["signatures"];
  if (!s.is_object() || !s.contains("signatures") || !s["signatures"].is_object()) {
    return MakeError(ErrorCode::kIntegrity, "init: malformed policy signatures");
  }
  for (auto it = s["signatures"].begin(); it != s["signatures"].end(); ++it) {
    if (!it->is_string()) continue;
    auto sig = SignatureFromText(it->get<std::string>());
    if (sig.ok()) sigs.by_party[it.key()] = *sig;
  }
  CR_RETURN_IF_ERROR(VerifyAllSigned(*policy, sigs));

  // The policy must name this very binary.
  if (policy->enclave().measurement != self_measurement_) {
    return MakeError(ErrorCode::kIntegrity, "wrong measurement: the policy expects enclave " +
                                                policy->enclave().measurement +
                                                " but this enclave is " + self_measurement_);
  }

  CR_ASSIGN_OR_RETURN(std::string seed_text, StringField(msg, "init", "platform_seed"));
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
  audit_.emplace(*signing_key_);
  policy_.emplace(std::move(policy).value());
  return ToBytes(report.ToJson().dump());
}

Result<Bytes> EnclaveService::ProvisionKey(ByteView body) {
  if (!policy_) return MakeError(ErrorCode::kIntegrity, "provision_key before init");
  CR_ASSIGN_OR_RETURN(Json msg, ParseBody(body, "provision_key"));
  CR_ASSIGN_OR_RETURN(std::string dataset, StringField(msg, "provision_key", "dataset"));
  CR_ASSIGN_OR_RETURN(std::string sealed_text, StringField(msg, "provision_key", "sealed_key"));
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
  CR_ASSIGN_OR_RETURN(Json msg, ParseBody(body, "execute"));
  QueryContext ctx{*policy_, *report_, *signing_key_, data_keys_, *audit_};
  CR_ASSIGN_OR_RETURN(Json result, ExecuteQuery(ctx, msg, host));
  return ToBytes(result.dump());
}

}  // namespace cleanroom

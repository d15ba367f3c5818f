#include "enclave/audit_entry.h"

#include <cctype>
#include <cmath>

#include "common/canonical_json.h"
#include "crypto/sha256.h"

namespace cleanroom {
namespace {

constexpr std::string_view kSigningPrefix = "cleanroom/audit-entry/v1\n";

// "YYYY-MM-DDTHH:MM:SS[.fraction]Z"
bool IsRfc3339Utc(const std::string& t) {
  const std::string_view shape = "dddd-dd-ddTdd:dd:dd";
  if (t.size() < shape.size() + 1 || t.back() != 'Z') return false;
  for (size_t i = 0; i < shape.size(); ++i) {
    bool digit = std::isdigit(static_cast<unsigned char>(t[i])) != 0;
    if (shape[i] == 'd' ? !digit : t[i] != shape[i]) return false;
  }
  size_t i = shape.size();
  if (t[i] == '.') {
    size_t start = ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    if (i == start) return false;
  }
  return i == t.size() - 1;
}

bool IsSha256Tagged(const std::string& s) {
  if (s.size() != 71 || s.rfind("sha256:", 0) != 0) return false;
  for (size_t i = 7; i < s.size(); ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(s[i])) ||
        std::isupper(static_cast<unsigned char>(s[i])))
      return false;
  }
  return true;
}

}  // namespace

Json AuditEntry::Body() const {
  Json j = Json::object();
  j["time"] = time;
  j["actor"] = actor;
  j["action"] = action;
  j["decision"] = decision;
  if (query_sha256) j["query_sha256"] = *query_sha256;
  if (epsilon_spent) j["epsilon_spent"] = *epsilon_spent;
  if (!detail.is_null()) j["detail"] = detail;
  if (enclave_seq) j["enclave_seq"] = *enclave_seq;
  if (attestation_sha256) j["attestation_sha256"] = *attestation_sha256;
  return j;
}

Json AuditEntry::SignedBody() const {
  Json j = Body();
  if (signature) j["signature"] = SignatureToText(*signature);
  return j;
}

Json AuditEntry::Chained() const {
  Json j = SignedBody();
  j["seq"] = seq;
  j["prev"] = prev;
  return j;
}

Json AuditEntry::ToJson() const {
  Json j = Chained();
  j["hash"] = hash;
  return j;
}

Result<AuditEntry> AuditEntry::FromJson(const Json& j, const std::string& source, bool chained) {
  JsonReader r(source, ErrorCode::kIntegrity);
  if (!j.is_object()) return r.Fail("", "expected a JSON object");
  CR_RETURN_IF_ERROR(
      r.OnlyKeys(j, "",
                 {"time", "actor", "action", "decision", "query_sha256", "epsilon_spent", "detail",
                  "enclave_seq", "attestation_sha256", "signature", "seq", "prev", "hash"}));
  AuditEntry e;
  CR_ASSIGN_OR_RETURN(e.time, r.String(j, "", "time"));
  if (!IsRfc3339Utc(e.time))
    return r.Fail("time", "expected RFC 3339 UTC, e.g. 2025-11-21T19:00:00Z");
  CR_ASSIGN_OR_RETURN(e.actor, r.String(j, "", "actor"));
  CR_ASSIGN_OR_RETURN(e.action, r.String(j, "", "action"));
  CR_ASSIGN_OR_RETURN(e.decision, r.String(j, "", "decision"));
  for (const auto* field : {&e.actor, &e.action, &e.decision}) {
    if (field->empty()) return r.Fail("", "actor, action and decision must not be empty");
  }
  if (j.contains("query_sha256")) {
    CR_ASSIGN_OR_RETURN(std::string q, r.String(j, "", "query_sha256"));
    if (!IsSha256Tagged(q)) return r.Fail("query_sha256", "expected sha256:<64 lower-case hex>");
    e.query_sha256 = q;
  }
  if (j.contains("epsilon_spent")) {
    CR_ASSIGN_OR_RETURN(double eps, r.Number(j, "", "epsilon_spent"));
    if (!std::isfinite(eps) || eps < 0) return r.Fail("epsilon_spent", "expected a number >= 0");
    e.epsilon_spent = eps;
  }
  if (j.contains("detail")) {
    e.detail = j["detail"];
    if (!e.detail.is_object() && !e.detail.is_string()) {
      return r.Fail("detail", "expected an object or a string");
    }
  }
  if (j.contains("enclave_seq")) {
    CR_ASSIGN_OR_RETURN(int64_t n, r.Integer(j, "", "enclave_seq"));
    if (n < 1) return r.Fail("enclave_seq", "expected an integer >= 1");
    e.enclave_seq = static_cast<uint64_t>(n);
  }
  if (j.contains("attestation_sha256")) {
    CR_ASSIGN_OR_RETURN(std::string a, r.String(j, "", "attestation_sha256"));
    if (!IsSha256Tagged(a)) {
      return r.Fail("attestation_sha256", "expected sha256:<64 lower-case hex>");
    }
    e.attestation_sha256 = a;
  }
  if (j.contains("signature")) {
    CR_ASSIGN_OR_RETURN(std::string text, r.String(j, "", "signature"));
    auto sig = SignatureFromText(text);
    if (!sig.ok()) return r.Fail("signature", sig.error().message);
    e.signature = *sig;
  }
  for (const char* field : {"seq", "prev", "hash"}) {
    if (j.contains(field) != chained) {
      return r.Fail(field, chained ? "missing" : "must not be set before the entry is chained");
    }
  }
  if (chained) {
    CR_ASSIGN_OR_RETURN(int64_t seq, r.Integer(j, "", "seq"));
    if (seq < 1) return r.Fail("seq", "expected an integer >= 1");
    e.seq = static_cast<uint64_t>(seq);
    CR_ASSIGN_OR_RETURN(e.prev, r.String(j, "", "prev"));
    CR_ASSIGN_OR_RETURN(e.hash, r.String(j, "", "hash"));
    if (!IsSha256Tagged(e.prev)) return r.Fail("prev", "expected sha256:<64 lower-case hex>");
    if (!IsSha256Tagged(e.hash)) return r.Fail("hash", "expected sha256:<64 lower-case hex>");
  }
  return e;
}

Result<std::string> AuditSigningMessage(const AuditEntry& entry) {
  CR_ASSIGN_OR_RETURN(std::string canonical, CanonicalJson(entry.Body()));
  return std::string(kSigningPrefix) + canonical;
}

Result<std::string> AuditEntryHash(const AuditEntry& entry) {
  CR_ASSIGN_OR_RETURN(std::string canonical, CanonicalJson(entry.Chained()));
  return Sha256Tagged(Sha256(canonical));
}

bool VerifyAuditSignature(const AuditEntry& entry, const Ed25519PublicKey& key) {
  if (!entry.signature) return false;
  auto message = AuditSigningMessage(entry);
  return message.ok() && Ed25519Verify(key, AsBytes(*message), *entry.signature);
}

Result<AuditEntry> EnclaveAuditSigner::Sign(AuditEntry entry) {
  entry.actor = kAuditActorEnclave;
  if (entry.time.empty()) entry.time = NowRfc3339();
  entry.enclave_seq = next_seq_;
  entry.attestation_sha256 = attestation_sha256_;
  entry.signature.reset();
  CR_ASSIGN_OR_RETURN(std::string message, AuditSigningMessage(entry));
  entry.signature = key_.Sign(AsBytes(message));
  ++next_seq_;
  return entry;
}

AuditEntry AttestationAuditEntry(const AttestationReport& report) {
  AuditEntry e;
  e.actor = kAuditActorHost;
  e.action = kAuditActionAttest;
  e.decision = "accepted";
  e.detail = Json{{"enclave_signing_key", report.enclave_signing_key.ToText()},
                  {"attestation_sha256", report.Hash()},
                  {"tee", report.tee},
                  {"measurement", report.measurement},
                  {"policy_sha256", report.policy_sha256}};
  return e;
}

}  // namespace cleanroom

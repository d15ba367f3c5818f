// Policy: the room's rules as the parties wrote and signed them (docs/policy.md).
// A Policy that exists is valid: FromJson checks every field and names the JSON path of
// the first problem. Its hash is SHA-256 over the RFC 8785 canonical form of the document,
// so re-formatting or re-ordering the JSON does not change it. Immutable; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/json_util.h"
#include "crypto/ed25519.h"
#include "crypto/sha256.h"

namespace cleanroom {

enum class ColumnType { kString, kInt, kDecimal, kDate, kBool };

// A decimal is held in fixed point with four places: 75.50 is 755000 (storage, SQL, engine).
inline constexpr int64_t kDecimalScale = 10000;
inline constexpr int kDecimalDigits = 4;
enum class ColumnRole { kIdentifier, kDimension, kMetric, kDrop };
enum class Normalizer { kNone, kEmail, kPhone };

const char* ColumnTypeName(ColumnType t);  // "string", "int", ...
const char* ColumnRoleName(ColumnRole r);  // "identifier", "dimension", ...
const char* NormalizerName(Normalizer n);  // "email", "phone", "none"

struct MetricBounds {
  double lo = 0;
  double hi = 0;
};

struct ColumnSpec {
  std::string name;
  ColumnType type = ColumnType::kString;
  ColumnRole role = ColumnRole::kDimension;
  Normalizer normalize = Normalizer::kNone;  // meaningful for identifiers
  std::optional<MetricBounds> bounds;        // metrics; required when dp is on
};

struct DatasetSpec {
  std::string name;
  std::string owner;
  std::vector<std::string> purposes;
  std::vector<ColumnSpec> columns;  // in policy order
  std::optional<int64_t> k_min;     // the owner's own k; the strictest k applies

  const ColumnSpec* FindColumn(std::string_view column) const;
  const ColumnSpec& identifier() const;  // exactly one exists (validated)
  bool GrantsPurpose(std::string_view purpose) const;
};

struct DpParams {
  double epsilon_total = 0;
  double epsilon_per_query = 0;
  double delta = 0;
};

struct PrivacyParams {
  int64_t k_min = 1;
  int64_t max_groups_per_person = 1;
  std::optional<DpParams> dp;  // nullopt: "dp": null, noise off
};

struct EnclaveSpec {
  std::string measurement;  // "sha256:<hex>"
  bool allow_simulated = false;
};

class Policy {
 public:
  // Validates `doc`; every error is kBadInput "SOURCE: json.path: what was expected".
  static Result<Policy> FromJson(const Json& doc, const std::string& source);
  // Reads and validates a policy file.
  static Result<Policy> Load(const std::string& path);

  const std::string& room() const { return room_; }
  const std::map<std::string, Ed25519PublicKey>& parties() const { return parties_; }
  const std::vector<std::string>& analysts() const { return analysts_; }
  bool IsAnalyst(std::string_view party) const;
  const EnclaveSpec& enclave() const { return enclave_; }
  const std::map<std::string, DatasetSpec>& datasets() const { return datasets_; }
  const DatasetSpec* FindDataset(std::string_view name) const;
  const PrivacyParams& privacy() const { return privacy_; }

  const Json& document() const { return document_; }
  const std::string& canonical_json() const { return canonical_; }
  const Sha256Digest& hash() const { return hash_; }
  std::string hash_text() const { return Sha256Tagged(hash_); }  // "sha256:<hex>"

 private:
  Policy() = default;
  std::string room_;
  std::map<std::string, Ed25519PublicKey> parties_;
  std::vector<std::string> analysts_;
  EnclaveSpec enclave_;
  std::map<std::string, DatasetSpec> datasets_;
  PrivacyParams privacy_;
  Json document_;
  std::string canonical_;
  Sha256Digest hash_{};
};

}  // namespace cleanroom

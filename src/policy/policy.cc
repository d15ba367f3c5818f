#include "policy/policy.h"

#include <cctype>
#include <cmath>
#include <set>

#include "common/canonical_json.h"
#include "policy/epsilon.h"
#include "policy/identity.h"
#include "policy/metric_bounds.h"

namespace cleanroom {
namespace {

constexpr ErrorCode kCode = ErrorCode::kBadInput;

// The policy's hash is over its canonical form, which writes numbers as doubles: a larger
// integer would not be pinned by the hash.
const std::string kTooLarge = "expected an integer <= " + std::to_string(kMaxExactJsonInteger);

template <typename Enum, size_t N>
Result<Enum> ParseEnum(const JsonReader& rd, const Json& parent, const std::string& path,
                       const std::string& key, const std::pair<const char*, Enum> (&names)[N]) {
  CR_ASSIGN_OR_RETURN(std::string text, rd.String(parent, path, key));
  std::string list;
  for (const auto& [name, value] : names) {
    if (text == name) return value;
    list += (list.empty() ? "" : ", ") + std::string(name);
  }
  return rd.Fail(JoinPath(path, key), "unknown value \"" + text + "\"; expected one of: " + list);
}

constexpr std::pair<const char*, ColumnType> kTypes[] = {{"string", ColumnType::kString},
                                                         {"int", ColumnType::kInt},
                                                         {"decimal", ColumnType::kDecimal},
                                                         {"date", ColumnType::kDate},
                                                         {"bool", ColumnType::kBool}};
constexpr std::pair<const char*, ColumnRole> kRoles[] = {{"identifier", ColumnRole::kIdentifier},
                                                         {"dimension", ColumnRole::kDimension},
                                                         {"metric", ColumnRole::kMetric},
                                                         {"drop", ColumnRole::kDrop}};
constexpr std::pair<const char*, Normalizer> kNormalizers[] = {
    {"email", Normalizer::kEmail}, {"phone", Normalizer::kPhone}, {"none", Normalizer::kNone}};

// Names used as SQL identifiers and file names: letters, digits, underscore.
bool IsSimpleName(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0])) && s[0] != '_') return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

Result<std::vector<std::string>> StringList(const JsonReader& rd, const Json& parent,
                                            const std::string& path, const std::string& key) {
  std::string p = JoinPath(path, key);
  if (!parent.contains(key) || !parent.at(key).is_array()) {
    return rd.Fail(p, "expected an array of strings");
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  const Json& arr = parent.at(key);
  for (size_t i = 0; i < arr.size(); ++i) {
    std::string ip = p + "[" + std::to_string(i) + "]";
    if (!arr[i].is_string()) return rd.Fail(ip, "expected a string");
    std::string s = arr[i].get<std::string>();
    if (!seen.insert(s).second) return rd.Fail(ip, "duplicate \"" + s + "\"");
    out.push_back(std::move(s));
  }
  return out;
}

Result<ColumnSpec> ParseColumn(const JsonReader& rd, const Json& col, const std::string& path,
                               bool dp_on) {
  if (!col.is_object()) return rd.Fail(path, "expected an object");
  CR_RETURN_IF_ERROR(rd.OnlyKeys(col, path, {"name", "type", "role", "normalize", "bounds"}));
  ColumnSpec c;
  CR_ASSIGN_OR_RETURN(c.name, rd.String(col, path, "name"));
  if (!IsSimpleName(c.name)) {
    return rd.Fail(JoinPath(path, "name"),
                   "\"" + c.name + "\" is not a valid column name (letters, digits, _; max 64)");
  }
  CR_ASSIGN_OR_RETURN(c.type, ParseEnum(rd, col, path, "type", kTypes));
  CR_ASSIGN_OR_RETURN(c.role, ParseEnum(rd, col, path, "role", kRoles));
  if (col.contains("normalize")) {
    if (c.role != ColumnRole::kIdentifier) {
      return rd.Fail(JoinPath(path, "normalize"), "only an identifier column takes a normaliser");
    }
    CR_ASSIGN_OR_RETURN(c.normalize, ParseEnum(rd, col, path, "normalize", kNormalizers));
  }
  if (c.role == ColumnRole::kIdentifier && c.type != ColumnType::kString) {
    return rd.Fail(JoinPath(path, "type"), "an identifier column must have type \"string\"");
  }
  if (col.contains("bounds")) {
    std::string bp = JoinPath(path, "bounds");
    if (c.role != ColumnRole::kMetric) return rd.Fail(bp, "only a metric column takes bounds");
    const Json& b = col.at("bounds");
    if (!b.is_array() || b.size() != 2 || !b[0].is_number() || !b[1].is_number()) {
      return rd.Fail(bp, "expected [lo, hi], two numbers");
    }
    MetricBounds mb{b[0].get<double>(), b[1].get<double>()};
    if (!std::isfinite(mb.lo) || !std::isfinite(mb.hi) || mb.lo > mb.hi) {
      return rd.Fail(bp, "expected finite bounds with lo <= hi");
    }
    // The engine and the DP release use them in fixed point: refuse here what they cannot use.
    if (c.type == ColumnType::kInt || c.type == ColumnType::kDecimal) {
      Result<FixedBounds> fixed = ToFixedBounds(mb, c.type);
      if (!fixed.ok()) return rd.Fail(bp, fixed.error().message);
    }
    c.bounds = mb;
  }
  if (c.role == ColumnRole::kMetric) {
    if (c.type != ColumnType::kInt && c.type != ColumnType::kDecimal) {
      return rd.Fail(JoinPath(path, "type"),
                     "a metric column must have type \"int\" or \"decimal\"");
    }
    if (dp_on && !c.bounds) {
      return rd.Fail(JoinPath(path, "bounds"), "missing; a metric needs [lo, hi] while dp is on");
    }
  }
  return c;
}

Result<DatasetSpec> ParseDataset(const JsonReader& rd, const Json& ds, const std::string& path,
                                 const std::string& name, bool dp_on) {
  if (!ds.is_object()) return rd.Fail(path, "expected an object");
  CR_RETURN_IF_ERROR(rd.OnlyKeys(ds, path, {"owner", "purposes", "columns", "k_min"}));
  DatasetSpec d;
  d.name = name;
  CR_ASSIGN_OR_RETURN(d.owner, rd.String(ds, path, "owner"));
  CR_ASSIGN_OR_RETURN(d.purposes, StringList(rd, ds, path, "purposes"));
  if (d.purposes.empty())
    return rd.Fail(JoinPath(path, "purposes"), "expected at least one purpose");
  if (ds.contains("k_min")) {
    CR_ASSIGN_OR_RETURN(int64_t k, rd.Integer(ds, path, "k_min"));
    if (k < 1) return rd.Fail(JoinPath(path, "k_min"), "expected an integer >= 1");
    if (k > kMaxExactJsonInteger) return rd.Fail(JoinPath(path, "k_min"), kTooLarge);
    d.k_min = k;
  }
  std::string cp = JoinPath(path, "columns");
  if (!ds.contains("columns") || !ds.at("columns").is_array() || ds.at("columns").empty()) {
    return rd.Fail(cp, "expected a non-empty array of columns");
  }
  std::set<std::string> seen;
  int identifiers = 0;
  const Json& cols = ds.at("columns");
  for (size_t i = 0; i < cols.size(); ++i) {
    std::string p = cp + "[" + std::to_string(i) + "]";
    CR_ASSIGN_OR_RETURN(ColumnSpec c, ParseColumn(rd, cols[i], p, dp_on));
    if (!seen.insert(c.name).second) {
      return rd.Fail(JoinPath(p, "name"), "duplicate column \"" + c.name + "\"");
    }
    identifiers += c.role == ColumnRole::kIdentifier;
    d.columns.push_back(std::move(c));
  }
  if (identifiers != 1) {
    return rd.Fail(cp, "expected exactly one column with role \"identifier\", found " +
                           std::to_string(identifiers));
  }
  return d;
}

Result<PrivacyParams> ParsePrivacy(const JsonReader& rd, const Json& doc) {
  CR_ASSIGN_OR_RETURN(const Json* pv, rd.Object(doc, "", "privacy"));
  const std::string path = "privacy";
  CR_RETURN_IF_ERROR(rd.OnlyKeys(*pv, path, {"k_min", "max_groups_per_person", "dp"}));
  PrivacyParams p;
  CR_ASSIGN_OR_RETURN(p.k_min, rd.Integer(*pv, path, "k_min"));
  if (p.k_min < 1) return rd.Fail("privacy.k_min", "expected an integer >= 1");
  if (p.k_min > kMaxExactJsonInteger) return rd.Fail("privacy.k_min", kTooLarge);
  CR_ASSIGN_OR_RETURN(p.max_groups_per_person, rd.Integer(*pv, path, "max_groups_per_person"));
  if (p.max_groups_per_person < 1) {
    return rd.Fail("privacy.max_groups_per_person", "expected an integer >= 1");
  }
  if (p.max_groups_per_person > kMaxExactJsonInteger) {
    return rd.Fail("privacy.max_groups_per_person", kTooLarge);
  }
  if (!pv->contains("dp")) return rd.Fail("privacy.dp", "missing; expected an object or null");
  const Json& dp = pv->at("dp");
  if (dp.is_null()) return p;
  if (!dp.is_object()) return rd.Fail("privacy.dp", "expected an object or null");
  const std::string dpp = "privacy.dp";
  CR_RETURN_IF_ERROR(rd.OnlyKeys(dp, dpp, {"epsilon_total", "epsilon_per_query", "delta"}));
  DpParams d;
  CR_ASSIGN_OR_RETURN(d.epsilon_total, rd.Number(dp, dpp, "epsilon_total"));
  CR_ASSIGN_OR_RETURN(d.epsilon_per_query, rd.Number(dp, dpp, "epsilon_per_query"));
  CR_ASSIGN_OR_RETURN(d.delta, rd.Number(dp, dpp, "delta"));
  // The budget's own rules (policy/epsilon.h), so that a policy that loads can be charged.
  Result<Epsilon> total = Epsilon::FromDouble(d.epsilon_total, "epsilon_total");
  if (!total.ok()) return rd.Fail("privacy.dp.epsilon_total", total.error().message);
  Result<Epsilon> per_query = Epsilon::FromDouble(d.epsilon_per_query, "epsilon_per_query");
  if (!per_query.ok()) return rd.Fail("privacy.dp.epsilon_per_query", per_query.error().message);
  if (*per_query > *total) {
    return rd.Fail("privacy.dp.epsilon_per_query", "expected a number <= epsilon_total");
  }
  Status delta = ValidateDelta(d.delta, "delta");
  if (!delta.ok()) return rd.Fail("privacy.dp.delta", delta.error().message);
  p.dp = d;
  return p;
}

}  // namespace

const char* ColumnTypeName(ColumnType t) {
  for (const auto& [name, value] : kTypes) {
    if (value == t) return name;
  }
  return "?";
}
const char* ColumnRoleName(ColumnRole r) {
  for (const auto& [name, value] : kRoles) {
    if (value == r) return name;
  }
  return "?";
}
const char* NormalizerName(Normalizer n) {
  for (const auto& [name, value] : kNormalizers) {
    if (value == n) return name;
  }
  return "?";
}

const ColumnSpec* DatasetSpec::FindColumn(std::string_view column) const {
  for (const auto& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

const ColumnSpec& DatasetSpec::identifier() const {
  for (const auto& c : columns) {
    if (c.role == ColumnRole::kIdentifier) return c;
  }
  return columns.front();  // unreachable for a validated policy
}

bool DatasetSpec::GrantsPurpose(std::string_view purpose) const {
  for (const auto& p : purposes) {
    if (p == purpose) return true;
  }
  return false;
}

bool Policy::IsAnalyst(std::string_view party) const {
  for (const auto& a : analysts_) {
    if (a == party) return true;
  }
  return false;
}

const DatasetSpec* Policy::FindDataset(std::string_view name) const {
  auto it = datasets_.find(std::string(name));
  return it == datasets_.end() ? nullptr : &it->second;
}

Result<Policy> Policy::FromJson(const Json& doc, const std::string& source) {
  JsonReader rd(source, kCode);
  if (!doc.is_object()) return rd.Fail("", "expected a JSON object");
  CR_RETURN_IF_ERROR(
      rd.OnlyKeys(doc, "", {"room", "parties", "analysts", "enclave", "datasets", "privacy"}));
  Policy p;
  CR_ASSIGN_OR_RETURN(p.room_, rd.String(doc, "", "room"));
  if (!IsSimpleName(p.room_)) {
    return rd.Fail("room", "\"" + p.room_ + "\" is not a valid room name (letters, digits, _)");
  }

  CR_ASSIGN_OR_RETURN(const Json* parties, rd.Object(doc, "", "parties"));
  if (parties->empty()) return rd.Fail("parties", "expected at least one party");
  for (auto it = parties->begin(); it != parties->end(); ++it) {
    std::string path = JoinPath("parties", it.key());
    if (!IsValidPartyName(it.key())) return rd.Fail(path, "is not a valid party name");
    if (!it->is_object()) return rd.Fail(path, "expected an object");
    CR_RETURN_IF_ERROR(rd.OnlyKeys(*it, path, {"public_key"}));
    CR_ASSIGN_OR_RETURN(std::string text, rd.String(*it, path, "public_key"));
    auto key = Ed25519PublicKey::FromText(text);
    if (!key.ok()) return rd.Fail(JoinPath(path, "public_key"), key.error().message);
    p.parties_.emplace(it.key(), *key);
  }

  CR_ASSIGN_OR_RETURN(p.analysts_, StringList(rd, doc, "", "analysts"));
  if (p.analysts_.empty()) return rd.Fail("analysts", "expected at least one analyst");
  for (size_t i = 0; i < p.analysts_.size(); ++i) {
    if (!p.parties_.count(p.analysts_[i])) {
      return rd.Fail("analysts[" + std::to_string(i) + "]",
                     "\"" + p.analysts_[i] + "\" is not a party of this policy");
    }
  }

  CR_ASSIGN_OR_RETURN(const Json* enclave, rd.Object(doc, "", "enclave"));
  CR_RETURN_IF_ERROR(rd.OnlyKeys(*enclave, "enclave", {"measurement", "allow_simulated"}));
  CR_ASSIGN_OR_RETURN(p.enclave_.measurement, rd.String(*enclave, "enclave", "measurement"));
  const std::string& m = p.enclave_.measurement;
  bool hex64 = m.size() == 71 && m.rfind("sha256:", 0) == 0 &&
               m.find_first_not_of("0123456789abcdef", 7) == std::string::npos;
  if (!hex64) {
    return rd.Fail("enclave.measurement", "expected \"sha256:\" and 64 lower-case hex digits");
  }
  if (enclave->contains("allow_simulated")) {
    CR_ASSIGN_OR_RETURN(p.enclave_.allow_simulated,
                        rd.Bool(*enclave, "enclave", "allow_simulated"));
  }

  CR_ASSIGN_OR_RETURN(p.privacy_, ParsePrivacy(rd, doc));

  CR_ASSIGN_OR_RETURN(const Json* datasets, rd.Object(doc, "", "datasets"));
  if (datasets->empty()) return rd.Fail("datasets", "expected at least one dataset");
  for (auto it = datasets->begin(); it != datasets->end(); ++it) {
    std::string path = JoinPath("datasets", it.key());
    if (!IsSimpleName(it.key())) {
      return rd.Fail(path, "is not a valid dataset name (letters, digits, _; max 64)");
    }
    CR_ASSIGN_OR_RETURN(DatasetSpec d,
                        ParseDataset(rd, *it, path, it.key(), p.privacy_.dp.has_value()));
    if (!p.parties_.count(d.owner)) {
      return rd.Fail(JoinPath(path, "owner"), "\"" + d.owner + "\" is not a party of this policy");
    }
    p.datasets_.emplace(it.key(), std::move(d));
  }

  auto canonical = CanonicalJson(doc);
  if (!canonical.ok()) return rd.Fail("", canonical.error().message);
  p.canonical_ = std::move(canonical).value();
  p.hash_ = Sha256(p.canonical_);
  p.document_ = doc;
  return p;
}

Result<Policy> Policy::Load(const std::string& path) {
  CR_ASSIGN_OR_RETURN(Json doc, ParseJsonFile(path, kCode));
  return FromJson(doc, path);
}

}  // namespace cleanroom

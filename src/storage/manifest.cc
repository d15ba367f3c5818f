#include "storage/manifest.h"

#include <sodium.h>

#include <cstdio>

#include "common/canonical_json.h"
#include "common/hex.h"
#include "crypto/hmac.h"

namespace cleanroom {
namespace {

constexpr std::string_view kMacPrefix = "hmac-sha256:";

template <typename E, size_t N>
Result<E> EnumByName(const JsonReader& rd, const Json& obj, const std::string& path,
                     const std::string& key, const E (&all)[N], const char* (*name)(E)) {
  CR_ASSIGN_OR_RETURN(std::string text, rd.String(obj, path, key));
  for (E e : all) {
    if (text == name(e)) return e;
  }
  return rd.Fail(JoinPath(path, key), "unknown value \"" + text + "\"");
}

constexpr ColumnType kTypes[] = {ColumnType::kString, ColumnType::kInt, ColumnType::kDecimal,
                                 ColumnType::kDate, ColumnType::kBool};
constexpr ColumnRole kRoles[] = {ColumnRole::kIdentifier, ColumnRole::kDimension,
                                 ColumnRole::kMetric, ColumnRole::kDrop};
constexpr Normalizer kNormalizers[] = {Normalizer::kNone, Normalizer::kEmail, Normalizer::kPhone};

constexpr std::string_view kDigestPrefix = "blake2b256:";

Result<Blake2b256Digest> ParseDigest(const JsonReader& rd, const Json& obj, const std::string& path,
                                     const std::string& key) {
  CR_ASSIGN_OR_RETURN(std::string text, rd.String(obj, path, key));
  if (text.rfind(kDigestPrefix, 0) == 0) {
    Result<Bytes> raw = HexDecode(std::string_view(text).substr(kDigestPrefix.size()));
    if (raw.ok() && raw->size() == 32) {
      Blake2b256Digest d;
      std::copy(raw->begin(), raw->end(), d.begin());
      return d;
    }
  }
  return rd.Fail(JoinPath(path, key), "expected \"blake2b256:<64 hex>\"");
}

Result<uint64_t> ParseCount(const JsonReader& rd, const Json& obj, const std::string& path,
                            const std::string& key) {
  CR_ASSIGN_OR_RETURN(int64_t v, rd.Integer(obj, path, key));
  if (v < 0) return rd.Fail(JoinPath(path, key), "must not be negative");
  return static_cast<uint64_t>(v);
}

Json ToJsonWithoutMac(const BundleManifest& m) {
  Json columns = Json::array();
  for (const ColumnSpec& c : m.columns) {
    Json col = {
        {"name", c.name}, {"type", ColumnTypeName(c.type)}, {"role", ColumnRoleName(c.role)}};
    if (c.role == ColumnRole::kIdentifier) col["normalize"] = NormalizerName(c.normalize);
    columns.push_back(std::move(col));
  }
  Json chunks = Json::array();
  for (const ChunkInfo& ch : m.chunks) {
    Json files = Json::array();
    for (const ChunkFile& f : ch.files) {
      files.push_back({{"bytes", f.bytes}, {"blake2b", Blake2b256Tagged(f.blake2b)}});
    }
    chunks.push_back({{"rows", ch.rows}, {"files", std::move(files)}});
  }
  return Json{{"format", kBundleFormat},
              {"bundle_id", m.bundle_id},
              {"room", m.room},
              {"dataset", m.dataset},
              {"policy_sha256", m.policy_sha256},
              {"columns", std::move(columns)},
              {"row_count", m.row_count},
              {"chunk_rows", m.chunk_rows},
              {"chunks", std::move(chunks)},
              {"ciphertext_blake2b", Blake2b256Tagged(m.ciphertext_blake2b)}};
}

std::string ComputeMac(const BundleManifest& m, const BundleSubkeys& keys) {
  // The document has no floating-point numbers, so canonicalisation cannot fail.
  std::string canonical = CanonicalJson(ToJsonWithoutMac(m)).value();
  HmacDigest mac = HmacSha256(keys.manifest_key.view(), AsBytes(canonical));
  return std::string(kMacPrefix) + HexEncode(mac);
}

// `what` quotes the manifest's own fields, which the host can edit: written on one line.
Error Mismatch(const std::string& what) {
  return MakeError(ErrorCode::kIntegrity, "bundle does not belong here: " + OneLineText(what));
}

}  // namespace

std::vector<ColumnSpec> StoredColumns(const DatasetSpec& dataset) {
  std::vector<ColumnSpec> out;
  for (const ColumnSpec& c : dataset.columns) {
    if (c.role != ColumnRole::kDrop) out.push_back(c);
  }
  return out;
}

std::string BundleManifest::ChunkFileName(size_t chunk, size_t column) {
  char name[48];
  std::snprintf(name, sizeof name, "chunks/%06zu-%03zu.bin", chunk, column);
  return name;
}

Blake2b256Digest BundleManifest::ComputeCiphertextHash() const {
  Bytes all;
  for (const ChunkInfo& ch : chunks) {
    for (const ChunkFile& f : ch.files) all.insert(all.end(), f.blake2b.begin(), f.blake2b.end());
  }
  return Blake2b256(all);
}

Result<BundleManifest> BundleManifest::Parse(std::string_view text, const std::string& source) {
  CR_ASSIGN_OR_RETURN(Json doc, ParseJson(text, source, ErrorCode::kIntegrity));
  JsonReader rd(source, ErrorCode::kIntegrity);
  if (!doc.is_object()) return rd.Fail("", "expected a manifest object");
  CR_RETURN_IF_ERROR(
      rd.OnlyKeys(doc, "",
                  {"format", "bundle_id", "room", "dataset", "policy_sha256", "columns",
                   "row_count", "chunk_rows", "chunks", "ciphertext_blake2b", "mac"}));
  CR_ASSIGN_OR_RETURN(std::string format, rd.String(doc, "", "format"));
  if (format != kBundleFormat) {
    return rd.Fail("format", "expected \"" + std::string(kBundleFormat) + "\", got \"" + format +
                                 "\" (made by another version of cleanroom?)");
  }
  BundleManifest m;
  CR_ASSIGN_OR_RETURN(m.bundle_id, rd.String(doc, "", "bundle_id"));
  CR_ASSIGN_OR_RETURN(m.room, rd.String(doc, "", "room"));
  CR_ASSIGN_OR_RETURN(m.dataset, rd.String(doc, "", "dataset"));
  CR_ASSIGN_OR_RETURN(m.policy_sha256, rd.String(doc, "", "policy_sha256"));
  CR_ASSIGN_OR_RETURN(m.mac, rd.String(doc, "", "mac"));
  CR_ASSIGN_OR_RETURN(m.row_count, ParseCount(rd, doc, "", "row_count"));
  CR_ASSIGN_OR_RETURN(m.chunk_rows, ParseCount(rd, doc, "", "chunk_rows"));
  CR_ASSIGN_OR_RETURN(m.ciphertext_blake2b, ParseDigest(rd, doc, "", "ciphertext_blake2b"));
  if (m.chunk_rows == 0 || m.chunk_rows > (uint64_t{1} << 24)) {
    return rd.Fail("chunk_rows", "must be between 1 and 16777216");
  }

  if (!doc.contains("columns") || !doc["columns"].is_array() || doc["columns"].empty()) {
    return rd.Fail("columns", "expected a non-empty array");
  }
  for (size_t i = 0; i < doc["columns"].size(); ++i) {
    const Json& col = doc["columns"][i];
    std::string path = "columns[" + std::to_string(i) + "]";
    if (!col.is_object()) return rd.Fail(path, "expected an object");
    CR_RETURN_IF_ERROR(rd.OnlyKeys(col, path, {"name", "type", "role", "normalize"}));
    ColumnSpec c;
    CR_ASSIGN_OR_RETURN(c.name, rd.String(col, path, "name"));
    CR_ASSIGN_OR_RETURN(c.type, EnumByName(rd, col, path, "type", kTypes, &ColumnTypeName));
    CR_ASSIGN_OR_RETURN(c.role, EnumByName(rd, col, path, "role", kRoles, &ColumnRoleName));
    if (c.role == ColumnRole::kIdentifier) {
      CR_ASSIGN_OR_RETURN(c.normalize,
                          EnumByName(rd, col, path, "normalize", kNormalizers, &NormalizerName));
    }
    m.columns.push_back(std::move(c));
  }

  if (!doc.contains("chunks") || !doc["chunks"].is_array()) {
    return rd.Fail("chunks", "expected an array");
  }
  uint64_t total = 0;
  for (size_t i = 0; i < doc["chunks"].size(); ++i) {
    const Json& ch = doc["chunks"][i];
    std::string path = "chunks[" + std::to_string(i) + "]";
    if (!ch.is_object()) return rd.Fail(path, "expected an object");
    CR_RETURN_IF_ERROR(rd.OnlyKeys(ch, path, {"rows", "files"}));
    ChunkInfo info;
    CR_ASSIGN_OR_RETURN(info.rows, ParseCount(rd, ch, path, "rows"));
    if (info.rows == 0 || info.rows > m.chunk_rows) {
      return rd.Fail(JoinPath(path, "rows"), "must be between 1 and chunk_rows");
    }
    if (!ch.contains("files") || !ch["files"].is_array() ||
        ch["files"].size() != m.columns.size()) {
      return rd.Fail(JoinPath(path, "files"), "expected one file per column");
    }
    for (size_t j = 0; j < ch["files"].size(); ++j) {
      const Json& f = ch["files"][j];
      std::string fpath = path + ".files[" + std::to_string(j) + "]";
      if (!f.is_object()) return rd.Fail(fpath, "expected an object");
      CR_RETURN_IF_ERROR(rd.OnlyKeys(f, fpath, {"bytes", "blake2b"}));
      ChunkFile file;
      CR_ASSIGN_OR_RETURN(file.bytes, ParseCount(rd, f, fpath, "bytes"));
      CR_ASSIGN_OR_RETURN(file.blake2b, ParseDigest(rd, f, fpath, "blake2b"));
      info.files.push_back(file);
    }
    total += info.rows;
    m.chunks.push_back(std::move(info));
  }
  // Every chunk but the last is full; the rows add up; the hash covers exactly these files.
  uint64_t expected_chunks = (m.row_count + m.chunk_rows - 1) / m.chunk_rows;
  if (m.chunks.size() != expected_chunks) {
    return rd.Fail("chunks", "holds " + std::to_string(m.chunks.size()) + " chunks, " +
                                 std::to_string(m.row_count) + " rows need " +
                                 std::to_string(expected_chunks));
  }
  for (size_t i = 0; i + 1 < m.chunks.size(); ++i) {
    if (m.chunks[i].rows != m.chunk_rows) {
      return rd.Fail("chunks[" + std::to_string(i) + "].rows", "only the last chunk may be short");
    }
  }
  if (total != m.row_count) {
    return rd.Fail("row_count", "the chunks hold " + std::to_string(total) + " rows, not " +
                                    std::to_string(m.row_count));
  }
  if (m.ComputeCiphertextHash() != m.ciphertext_blake2b) {
    return rd.Fail("ciphertext_blake2b", "does not match the chunk files listed");
  }
  return m;
}

std::string BundleManifest::ToText() const {
  Json doc = ToJsonWithoutMac(*this);
  doc["mac"] = mac;
  return doc.dump(1) + "\n";
}

void BundleManifest::Seal(const BundleSubkeys& keys) { mac = ComputeMac(*this, keys); }

Status BundleManifest::Authenticate(const BundleSubkeys& keys) const {
  std::string expected = ComputeMac(*this, keys);
  if (expected.size() != mac.size() ||
      sodium_memcmp(expected.data(), mac.data(), expected.size()) != 0) {
    return MakeError(ErrorCode::kIntegrity,
                     "manifest.json failed authentication: the key is not this bundle's key, or "
                     "the manifest was altered; prepare the bundle again");
  }
  return Ok();
}

Status BundleManifest::CheckBinding(const BundleKey& key, const Policy& policy) const {
  if (key.bundle_id != bundle_id) {
    return Mismatch("the key is for bundle " + key.bundle_id + ", this is bundle " + bundle_id);
  }
  if (key.room != room || key.dataset != dataset) {
    return Mismatch("the key is for " + key.room + "/" + key.dataset + ", the bundle holds " +
                    room + "/" + dataset);
  }
  if (policy.room() != room) {
    return Mismatch("prepared for room '" + room + "', the policy is room '" + policy.room() + "'");
  }
  if (policy.hash_text() != policy_sha256) {
    return Mismatch("prepared under policy " + policy_sha256 + ", the room's policy is " +
                    policy.hash_text() + "; prepare it again under this policy");
  }
  const DatasetSpec* spec = policy.FindDataset(dataset);
  if (spec == nullptr) return Mismatch("the policy has no dataset '" + dataset + "'");
  std::vector<ColumnSpec> want = StoredColumns(*spec);
  bool same = want.size() == columns.size();
  for (size_t i = 0; same && i < want.size(); ++i) {
    same = want[i].name == columns[i].name && want[i].type == columns[i].type &&
           want[i].role == columns[i].role &&
           (want[i].role != ColumnRole::kIdentifier || want[i].normalize == columns[i].normalize);
  }
  if (!same) return Mismatch("its columns differ from dataset '" + dataset + "' of the policy");
  return Ok();
}

}  // namespace cleanroom

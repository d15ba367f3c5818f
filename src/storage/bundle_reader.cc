#include "storage/bundle_reader.h"

#include <filesystem>
#include <set>
#include <system_error>

#include "common/file_io.h"
#include "crypto/blake2b.h"
#include "storage/chunk_crypto.h"

namespace cleanroom {
namespace {

Error Integrity(const std::string& message) { return MakeError(ErrorCode::kIntegrity, message); }

}  // namespace

Result<std::unique_ptr<BundleReader>> BundleReader::Open(const std::string& dir,
                                                         const std::string& key_path,
                                                         const Policy& policy) {
  CR_ASSIGN_OR_RETURN(BundleKey key, LoadBundleKey(key_path));
  return Open(dir, key, policy);
}

Result<std::unique_ptr<BundleReader>> BundleReader::Open(const std::string& dir,
                                                         const BundleKey& key,
                                                         const Policy& policy) {
  std::string manifest_path = dir + "/manifest.json";
  Result<std::string> text = ReadTextFile(manifest_path);
  if (!text.ok()) {
    return MakeError(ErrorCode::kIo, dir + " is not a bundle: " + text.error().message);
  }
  std::unique_ptr<BundleReader> r(new BundleReader());
  r->dir_ = dir;
  CR_ASSIGN_OR_RETURN(r->manifest_, BundleManifest::Parse(*text, manifest_path));
  r->subkeys_ = DeriveBundleSubkeys(key);
  CR_RETURN_IF_ERROR(r->manifest_.Authenticate(r->subkeys_));
  CR_RETURN_IF_ERROR(r->manifest_.CheckBinding(key, policy));
  const BundleManifest& m = r->manifest_;

  // chunks/ holds exactly the listed files, each of the listed size.
  std::set<std::string> expected;
  for (size_t i = 0; i < m.chunks.size(); ++i) {
    for (size_t c = 0; c < m.columns.size(); ++c) {
      std::string name = BundleManifest::ChunkFileName(i, c);
      std::error_code ec;
      uint64_t size = std::filesystem::file_size(dir + "/" + name, ec);
      if (ec) return Integrity(dir + ": chunk file " + name + " is missing");
      if (size != m.chunks[i].files[c].bytes) {
        return Integrity(dir + ": chunk file " + name + " holds " + std::to_string(size) +
                         " bytes, the manifest says " + std::to_string(m.chunks[i].files[c].bytes));
      }
      expected.insert(name.substr(7));  // without "chunks/"
    }
  }
  std::error_code ec;
  std::filesystem::directory_iterator it(dir + "/chunks", ec);
  if (ec) {
    if (!m.chunks.empty()) return Integrity(dir + ": the chunks/ directory is missing");
  } else {
    for (const auto& entry : it) {
      std::string name = entry.path().filename().string();
      if (!expected.count(name)) {
        return Integrity(dir + ": unexpected file chunks/" + name + " (not in the manifest)");
      }
    }
  }

  const DatasetSpec* spec = policy.FindDataset(m.dataset);  // CheckBinding made sure it exists
  r->spec_ = *spec;
  r->spec_.columns = StoredColumns(*spec);
  return r;
}

Result<std::vector<ColumnVector>> BundleReader::ReadChunk(size_t chunk,
                                                          const std::vector<std::string>& columns) {
  if (chunk >= manifest_.chunks.size()) {
    return MakeError(ErrorCode::kInternal, "chunk " + std::to_string(chunk) + " of " +
                                               manifest_.dataset + " does not exist (it has " +
                                               std::to_string(manifest_.chunks.size()) + ")");
  }
  std::vector<ColumnVector> out;
  out.reserve(columns.size());
  for (const std::string& name : columns) {
    size_t index = manifest_.columns.size();
    for (size_t c = 0; c < manifest_.columns.size(); ++c) {
      if (manifest_.columns[c].name == name) index = c;
    }
    if (index == manifest_.columns.size()) {
      return MakeError(ErrorCode::kInternal,
                       "dataset " + manifest_.dataset + " has no stored column '" + name + "'");
    }
    std::string path = dir_ + "/" + BundleManifest::ChunkFileName(chunk, index);
    // No more than the authenticated manifest says the file holds.
    Result<Bytes> ciphertext = ReadBinaryFile(path, manifest_.chunks[chunk].files[index].bytes);
    if (!ciphertext.ok()) {
      return Integrity(dir_ + ": chunk file " + BundleManifest::ChunkFileName(chunk, index) +
                       " cannot be read: " + ciphertext.error().message);
    }
    CR_ASSIGN_OR_RETURN(ColumnVector col,
                        OpenColumnChunk(subkeys_, manifest_, chunk, index, *ciphertext));
    out.push_back(std::move(col));
  }
  return out;
}

Status BundleReader::VerifyFiles() const {
  for (size_t i = 0; i < manifest_.chunks.size(); ++i) {
    for (size_t c = 0; c < manifest_.columns.size(); ++c) {
      std::string name = BundleManifest::ChunkFileName(i, c);
      Result<Bytes> data = ReadBinaryFile(dir_ + "/" + name, manifest_.chunks[i].files[c].bytes);
      if (!data.ok()) {
        return Integrity(dir_ + ": chunk file " + name +
                         " cannot be read: " + data.error().message);
      }
      if (Blake2b256(*data) != manifest_.chunks[i].files[c].blake2b) {
        return Integrity(dir_ + ": chunk file " + name +
                         " differs from the manifest's BLAKE2b-256");
      }
    }
  }
  if (manifest_.ComputeCiphertextHash() != manifest_.ciphertext_blake2b) {
    return Integrity(dir_ + ": the hash over all chunks differs from the manifest's");
  }
  return Ok();
}

}  // namespace cleanroom

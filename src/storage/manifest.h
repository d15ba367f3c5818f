// BundleManifest: manifest.json of a bundle, the plaintext description of its encrypted
// chunks: room, dataset, policy hash, schema, row count, chunk layout (rows, and the size
// and BLAKE2b-256 of each chunk file), a hash over all chunk ciphertexts, and a MAC under a
// subkey of the bundle's data key. The host can read it (it holds no secret) but cannot
// change it unnoticed: Authenticate() checks the MAC, so an edited manifest, a wrong key or
// a manifest from another bundle are integrity errors. A parsed manifest is structurally
// valid (chunk count and row sums agree); everything else needs the key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/json_util.h"
#include "crypto/blake2b.h"
#include "policy/policy.h"
#include "storage/bundle_key.h"

namespace cleanroom {

inline constexpr std::string_view kBundleFormat = "cleanroom-bundle/2";
inline constexpr uint64_t kDefaultChunkRows = 65536;

struct ChunkFile {
  uint64_t bytes = 0;
  Blake2b256Digest blake2b{};  // of the whole file (ciphertext and tag)
};

struct ChunkInfo {
  uint64_t rows = 0;
  std::vector<ChunkFile> files;  // one per column, in manifest column order
};

struct BundleManifest {
  std::string bundle_id;
  std::string room;
  std::string dataset;
  std::string policy_sha256;        // "sha256:<hex>" of the policy prepared under
  std::vector<ColumnSpec> columns;  // the non-drop columns, in policy order
  uint64_t row_count = 0;
  uint64_t chunk_rows = kDefaultChunkRows;
  std::vector<ChunkInfo> chunks;
  Blake2b256Digest ciphertext_blake2b{};  // BLAKE2b-256 over every file's, chunk-major
  std::string mac;                        // "hmac-sha256:<hex>"

  // Parses and checks the structure (kIntegrity naming `source`: the host may have edited it).
  static Result<BundleManifest> Parse(std::string_view text, const std::string& source);
  // The JSON text, with the MAC.
  std::string ToText() const;

  // Sets `mac` (writer) / checks it in constant time (reader, enclave): kIntegrity on mismatch.
  void Seal(const BundleSubkeys& keys);
  Status Authenticate(const BundleSubkeys& keys) const;
  // kIntegrity unless the manifest belongs to `key` (same bundle id, room, dataset) and to
  // `policy` (same policy hash, room, and the dataset's non-drop columns).
  Status CheckBinding(const BundleKey& key, const Policy& policy) const;

  // Recomputes the hash over all chunk files from `chunks`.
  Blake2b256Digest ComputeCiphertextHash() const;
  size_t chunk_count() const { return chunks.size(); }
  // "chunks/000003-001.bin": the file of column `column` of chunk `chunk`.
  static std::string ChunkFileName(size_t chunk, size_t column);
};

// The columns a bundle of `dataset` holds: the non-drop ones, in policy order.
std::vector<ColumnSpec> StoredColumns(const DatasetSpec& dataset);

}  // namespace cleanroom

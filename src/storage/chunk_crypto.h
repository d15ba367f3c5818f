// Chunk sealing: how one encoded column of one chunk becomes ciphertext and back.
// AES-256-GCM under the bundle's chunk subkey; the nonce is (column index, chunk index),
// unique under a key that is fresh per bundle; the AAD binds the bundle id, room, dataset,
// column (index and name), chunk index and chunk count, so a chunk that is swapped with
// another, replayed from another bundle, or read against a manifest that lost chunks fails
// to authenticate. OpenColumnChunk is file-free so the enclave can use it on ciphertext it
// received from the host. Thread-safe (pure functions over immutable inputs).
#pragma once

#include "common/bytes.h"
#include "common/error.h"
#include "storage/bundle_key.h"
#include "storage/column_vector.h"
#include "storage/manifest.h"

namespace cleanroom {

// Where a column chunk sits in its bundle: everything the AAD binds.
struct ChunkAddress {
  std::string_view bundle_id;
  std::string_view room;
  std::string_view dataset;
  std::string_view column;
  uint32_t column_index = 0;
  uint64_t chunk_index = 0;
  uint64_t chunk_count = 0;
};

Bytes ChunkAad(const ChunkAddress& at);

// Encrypts an encoded column chunk (storage/column_codec.h). Returns ciphertext || tag.
Result<Bytes> SealColumnChunk(const BundleSubkeys& keys, const ChunkAddress& at, ByteView encoded);

// Authenticates, decrypts and decodes column `column` of chunk `chunk` from `ciphertext`,
// checking it against an authenticated manifest (size, row count). The GCM tag covers the
// bytes, so the file's SHA-256 is not recomputed here (BundleReader::VerifyFiles does that).
// kIntegrity for any mismatch; kInternal when `chunk` or `column` is out of range.
Result<ColumnVector> OpenColumnChunk(const BundleSubkeys& keys, const BundleManifest& manifest,
                                     size_t chunk, size_t column, ByteView ciphertext);

}  // namespace cleanroom

#include "storage/chunk_crypto.h"

#include "crypto/aead.h"
#include "storage/column_codec.h"

namespace cleanroom {
namespace {

Bytes Nonce(const ChunkAddress& at) {
  Bytes nonce;
  AppendU32BE(nonce, at.column_index);
  AppendU64BE(nonce, at.chunk_index);
  return nonce;
}

void AppendString(Bytes& out, std::string_view s) {
  AppendU32BE(out, static_cast<uint32_t>(s.size()));
  Append(out, AsBytes(s));
}

std::string Where(const BundleManifest& m, size_t chunk, size_t column) {
  return m.dataset + "/" + BundleManifest::ChunkFileName(chunk, column) + " (column '" +
         m.columns[column].name + "', chunk " + std::to_string(chunk) + " of " +
         std::to_string(m.chunks.size()) + ")";
}

}  // namespace

Bytes ChunkAad(const ChunkAddress& at) {
  Bytes aad = ToBytes("cleanroom/chunk/v1");
  AppendString(aad, at.bundle_id);
  AppendString(aad, at.room);
  AppendString(aad, at.dataset);
  AppendString(aad, at.column);
  AppendU32BE(aad, at.column_index);
  AppendU64BE(aad, at.chunk_index);
  AppendU64BE(aad, at.chunk_count);
  return aad;
}

Result<Bytes> SealColumnChunk(const BundleSubkeys& keys, const ChunkAddress& at, ByteView encoded) {
  return Aes256GcmSeal(keys.chunk_key, Nonce(at), ChunkAad(at), encoded);
}

Result<ColumnVector> OpenColumnChunk(const BundleSubkeys& keys, const BundleManifest& m,
                                     size_t chunk, size_t column, ByteView ciphertext) {
  if (chunk >= m.chunks.size() || column >= m.columns.size()) {
    return MakeError(ErrorCode::kInternal, "chunk " + std::to_string(chunk) + " column " +
                                               std::to_string(column) + " is not in the bundle");
  }
  const ChunkFile& file = m.chunks[chunk].files[column];
  if (ciphertext.size() != file.bytes) {
    return MakeError(ErrorCode::kIntegrity,
                     Where(m, chunk, column) + ": " + std::to_string(ciphertext.size()) +
                         " bytes, the manifest says " + std::to_string(file.bytes));
  }
  const ColumnSpec& spec = m.columns[column];
  ChunkAddress at{m.bundle_id, m.room,         m.dataset, spec.name, static_cast<uint32_t>(column),
                  chunk,       m.chunks.size()};
  Result<Bytes> plain = Aes256GcmOpen(keys.chunk_key, Nonce(at), ChunkAad(at), ciphertext);
  if (!plain.ok()) {
    return MakeError(ErrorCode::kIntegrity,
                     Where(m, chunk, column) +
                         ": failed to authenticate (wrong key, or the chunk was altered, "
                         "moved or taken from another bundle)");
  }
  ColumnShape shape{spec.name, spec.type, spec.role == ColumnRole::kIdentifier};
  Result<ColumnVector> decoded = DecodeColumn(*plain, shape, m.chunks[chunk].rows);
  WipeBytes(*plain);
  return decoded;
}

}  // namespace cleanroom

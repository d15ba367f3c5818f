// BundleWriter: writes a bundle (manifest.json + chunks/) and its key file. Everything goes
// into a temporary directory beside the destination, renamed into place by Finish(); if the
// writer is destroyed before Finish() succeeds, the temporary directory is removed, so a
// failure leaves nothing behind. The row count is fixed up front (the AAD of every chunk
// binds the chunk count). WriteChunk may be called from several threads at once, for
// different chunks; Create and Finish from one.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "policy/policy.h"
#include "storage/bundle_key.h"
#include "storage/column_vector.h"
#include "storage/manifest.h"

namespace cleanroom {

class BundleWriter {
 public:
  // kIo when `out_dir` or `key_path` already exists or the temporary directory cannot be
  // made; kInternal when `dataset` is not in `policy`.
  static Result<std::unique_ptr<BundleWriter>> Create(
      const std::string& out_dir, const std::string& key_path, const Policy& policy,
      const std::string& dataset, uint64_t row_count, uint64_t chunk_rows = kDefaultChunkRows);
  ~BundleWriter();
  BundleWriter(const BundleWriter&) = delete;
  BundleWriter& operator=(const BundleWriter&) = delete;

  // Encodes, seals and writes chunk `index`; `columns` are StoredColumns() in order, each
  // holding exactly the chunk's row count. kInternal on a shape mismatch, kIo on write.
  Status WriteChunk(size_t index, const std::vector<ColumnVector>& columns);

  // Writes manifest.json and the key file, then renames the directory into place.
  // kInternal if a chunk was not written.
  Status Finish();

  const BundleManifest& manifest() const { return manifest_; }
  size_t chunk_count() const { return manifest_.chunks.size(); }
  uint64_t rows_in_chunk(size_t index) const { return manifest_.chunks[index].rows; }
  uint64_t bytes_written() const { return bytes_written_.load(); }
  const std::string& bundle_id() const { return key_.bundle_id; }

 private:
  BundleWriter() = default;
  std::string out_dir_;
  std::string key_path_;
  std::string tmp_dir_;
  BundleKey key_;
  BundleSubkeys subkeys_;
  BundleManifest manifest_;
  std::vector<uint8_t> written_;  // per chunk: 1 once WriteChunk succeeded
  std::atomic<uint64_t> bytes_written_{0};
  bool finished_ = false;
};

}  // namespace cleanroom

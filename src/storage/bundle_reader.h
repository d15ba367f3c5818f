// BundleReader: a TableSource over a bundle directory on this machine. Open() checks, before
// any chunk is read, that the manifest authenticates under the key, belongs to the key's
// bundle and to the policy (hash, room, schema), and that chunks/ holds exactly the files
// the manifest lists, with their sizes. ReadChunk then decrypts only the columns asked for;
// any failure there is kIntegrity too. Not thread-safe: one reader per thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "policy/policy.h"
#include "storage/bundle_key.h"
#include "storage/manifest.h"
#include "storage/table_source.h"

namespace cleanroom {

class BundleReader : public TableSource {
 public:
  // kIo when `dir` has no readable manifest.json; kIntegrity for every other mismatch.
  static Result<std::unique_ptr<BundleReader>> Open(const std::string& dir, const BundleKey& key,
                                                    const Policy& policy);
  // Reads the key file first (kIo / kBadInput when it cannot be read).
  static Result<std::unique_ptr<BundleReader>> Open(const std::string& dir,
                                                    const std::string& key_path,
                                                    const Policy& policy);

  const DatasetSpec& spec() const override { return spec_; }
  uint64_t row_count() const override { return manifest_.row_count; }
  size_t chunk_count() const override { return manifest_.chunks.size(); }
  Result<std::vector<ColumnVector>> ReadChunk(size_t chunk,
                                              const std::vector<std::string>& columns) override;

  const BundleManifest& manifest() const { return manifest_; }
  // Recomputes the SHA-256 of every chunk file and the hash over all of them, as the
  // manifest states them (what a host can check without the key). kIntegrity on mismatch.
  Status VerifyFiles() const;

 private:
  BundleReader() = default;
  std::string dir_;
  BundleSubkeys subkeys_;
  BundleManifest manifest_;
  DatasetSpec spec_;  // the policy's dataset without its drop columns
};

}  // namespace cleanroom

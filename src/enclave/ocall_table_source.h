// OcallTableSource: a dataset as the enclave reads it — ciphertext fetched from the host one
// column chunk at a time through the read_chunk OCALL, authenticated and decrypted here
// against a manifest that was itself authenticated under the data key. The host can refuse
// to answer, but any byte it changes, swaps, replays or drops fails the chunk's GCM tag.
// One reader per engine thread; the OCALL channel is shared and serialised by a mutex,
// decryption runs outside it.
#pragma once

#include <mutex>
#include <string>

#include "enclave/enclave_service.h"
#include "storage/bundle_key.h"
#include "storage/manifest.h"
#include "storage/table_source.h"

namespace cleanroom {

// What every reader of one dataset shares: its authenticated manifest and subkeys.
struct AuthenticatedBundle {
  std::string dataset;
  DatasetSpec spec;  // the policy's dataset without drop columns
  BundleManifest manifest;
  BundleSubkeys subkeys;
};

// Fetches `dataset`'s manifest from the host and checks it: MAC under the key, bundle id,
// room, dataset, policy hash and schema. kIntegrity for any mismatch.
Result<AuthenticatedBundle> FetchManifest(OcallChannel& host, std::mutex& host_mutex,
                                          const std::string& dataset, const BundleKey& key,
                                          const Policy& policy);

class OcallTableSource : public TableSource {
 public:
  OcallTableSource(const AuthenticatedBundle& bundle, OcallChannel& host, std::mutex& host_mutex)
      : bundle_(bundle), host_(host), host_mutex_(host_mutex) {}

  const DatasetSpec& spec() const override { return bundle_.spec; }
  uint64_t row_count() const override { return bundle_.manifest.row_count; }
  size_t chunk_count() const override { return bundle_.manifest.chunks.size(); }
  Result<std::vector<ColumnVector>> ReadChunk(size_t chunk,
                                              const std::vector<std::string>& columns) override;

 private:
  const AuthenticatedBundle& bundle_;
  OcallChannel& host_;
  std::mutex& host_mutex_;
};

}  // namespace cleanroom

#include "enclave/ocall_table_source.h"

#include "common/json_util.h"
#include "storage/chunk_crypto.h"

namespace cleanroom {

Result<AuthenticatedBundle> FetchManifest(OcallChannel& host, std::mutex& host_mutex,
                                          const std::string& dataset, const BundleKey& key,
                                          const Policy& policy) {
  Json ask = {{"dataset", dataset}};
  Result<Bytes> text = [&] {
    std::lock_guard lock(host_mutex);
    return host.Call(MessageType::kReadManifest, AsBytes(ask.dump()));
  }();
  if (!text.ok()) return std::move(text).error();
  AuthenticatedBundle b;
  b.dataset = dataset;
  CR_ASSIGN_OR_RETURN(b.manifest, BundleManifest::Parse(AsChars(*text), "manifest of " + dataset));
  b.subkeys = DeriveBundleSubkeys(key);
  CR_RETURN_IF_ERROR(b.manifest.Authenticate(b.subkeys));
  CR_RETURN_IF_ERROR(b.manifest.CheckBinding(key, policy));
  const DatasetSpec* spec = policy.FindDataset(dataset);
  b.spec = *spec;
  b.spec.columns = StoredColumns(*spec);
  return b;
}

Result<std::vector<ColumnVector>> OcallTableSource::ReadChunk(
    size_t chunk, const std::vector<std::string>& columns) {
  std::vector<ColumnVector> out;
  out.reserve(columns.size());
  for (const std::string& name : columns) {
    size_t index = bundle_.manifest.columns.size();
    for (size_t i = 0; i < bundle_.manifest.columns.size(); ++i) {
      if (bundle_.manifest.columns[i].name == name) index = i;
    }
    if (index == bundle_.manifest.columns.size()) {
      return MakeError(ErrorCode::kInternal,
                       "dataset " + bundle_.dataset + " has no column " + name);
    }
    Json ask = {{"dataset", bundle_.dataset}, {"chunk", chunk}, {"column", index}};
    Result<Bytes> ciphertext = [&] {
      std::lock_guard lock(host_mutex_);
      return host_.Call(MessageType::kReadChunk, AsBytes(ask.dump()));
    }();
    if (!ciphertext.ok()) return std::move(ciphertext).error();
    CR_ASSIGN_OR_RETURN(ColumnVector column, OpenColumnChunk(bundle_.subkeys, bundle_.manifest,
                                                             chunk, index, *ciphertext));
    out.push_back(std::move(column));
  }
  return out;
}

}  // namespace cleanroom

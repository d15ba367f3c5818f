#include "enclave/key_release.h"

#include <algorithm>

namespace cleanroom {
namespace {

constexpr std::string_view kTag = "cleanroom-key v1\n";

std::string Binding(const std::string& room, const std::string& dataset,
                    const std::string& bundle_id) {
  return std::string(kTag) + room + "\n" + dataset + "\n" + bundle_id + "\n";
}

}  // namespace

Bytes SealDataKey(const X25519PublicKey& enclave_key, const BundleKey& key) {
  std::string binding = Binding(key.room, key.dataset, key.bundle_id);
  SecretBytes payload(binding.size() + key.data_key.size());
  std::copy(binding.begin(), binding.end(), payload.data());
  std::copy(key.data_key.data(), key.data_key.data() + key.data_key.size(),
            payload.data() + binding.size());
  return SealTo(enclave_key, payload.view());
}

Result<BundleKey> OpenDataKey(const X25519KeyPair& enclave_keys, ByteView sealed,
                              const std::string& room, const std::string& dataset) {
  CR_ASSIGN_OR_RETURN(SecretBytes payload, enclave_keys.Open(sealed));
  std::string prefix = Binding(room, dataset, "");
  prefix.pop_back();  // up to and including the dataset's newline
  auto* begin = payload.data();
  auto* end = payload.data() + payload.size();
  bool bound = payload.size() > prefix.size() + kDataKeySize &&
               std::equal(prefix.begin(), prefix.end(), begin);
  auto* id_end = bound ? std::find(begin + prefix.size(), end, uint8_t{'\n'}) : end;
  if (!bound || id_end == end || static_cast<size_t>(end - id_end - 1) != kDataKeySize) {
    return MakeError(ErrorCode::kIntegrity,
                     "the sealed key is not bound to dataset " + dataset + " of room " + room);
  }
  BundleKey key;
  key.room = room;
  key.dataset = dataset;
  key.bundle_id.assign(begin + prefix.size(), id_end);
  key.data_key = SecretBytes::CopyOf(ByteView(id_end + 1, kDataKeySize));
  return key;
}

}  // namespace cleanroom

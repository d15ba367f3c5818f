#include "enclave/key_release.h"

#include <algorithm>

namespace cleanroom {
namespace {

std::string Binding(const std::string& room, const std::string& dataset) {
  return "cleanroom-key v1\n" + room + "\n" + dataset + "\n";
}

}  // namespace

Bytes SealDataKey(const X25519PublicKey& enclave_key, const std::string& room,
                  const std::string& dataset, const SecretBytes& data_key) {
  std::string binding = Binding(room, dataset);
  SecretBytes payload(binding.size() + data_key.size());
  std::copy(binding.begin(), binding.end(), payload.data());
  std::copy(data_key.data(), data_key.data() + data_key.size(), payload.data() + binding.size());
  return SealTo(enclave_key, payload.view());
}

Result<SecretBytes> OpenDataKey(const X25519KeyPair& enclave_keys, ByteView sealed,
                                const std::string& room, const std::string& dataset) {
  CR_ASSIGN_OR_RETURN(SecretBytes payload, enclave_keys.Open(sealed));
  std::string binding = Binding(room, dataset);
  if (payload.size() != binding.size() + 32 ||
      !std::equal(binding.begin(), binding.end(), payload.data())) {
    return MakeError(ErrorCode::kIntegrity,
                     "the sealed key is not bound to dataset " + dataset + " of room " + room);
  }
  return SecretBytes::CopyOf(ByteView(payload.data() + binding.size(), 32));
}

}  // namespace cleanroom

// manifest.json of a bundle as the enclave gets it from the (untrusted) host:
// BundleManifest::Parse, then what FetchManifest does next — Authenticate (the MAC under the
// data key; a fixed key here) and CheckBinding against the example policy. A manifest that
// parses must write itself out (ToText) and parse back to the same text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "storage/bundle_key.h"
#include "storage/manifest.h"

namespace cleanroom::fuzz {
namespace {

// The key of the seed manifests (fuzz/make_seeds.cc seals them with it).
const BundleKey& Key() {
  static const BundleKey* key = [] {
    auto* k = new BundleKey;
    k->room = "fall25";
    k->dataset = "purchases";
    k->bundle_id = "00112233445566778899aabbccddeeff";
    k->data_key = SecretBytes(kDataKeySize);
    for (size_t i = 0; i < kDataKeySize; ++i) k->data_key.data()[i] = static_cast<uint8_t>(i);
    return k;
  }();
  return *key;
}

}  // namespace
}  // namespace cleanroom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cleanroom;
  using namespace cleanroom::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<BundleManifest> m = BundleManifest::Parse(text, "manifest.json");
  if (!m.ok()) {
    CheckError("BundleManifest::Parse", m.error(), {ErrorCode::kIntegrity});
    return 0;
  }
  static const BundleSubkeys* subkeys = new BundleSubkeys(DeriveBundleSubkeys(Key()));
  Status authentic = m->Authenticate(*subkeys);
  if (!authentic.ok()) CheckError("Authenticate", authentic.error(), {ErrorCode::kIntegrity});
  Status bound = m->CheckBinding(Key(), ExamplePolicy());
  if (!bound.ok()) CheckError("CheckBinding", bound.error(), {ErrorCode::kIntegrity});

  const std::string written = m->ToText();
  Result<BundleManifest> again = BundleManifest::Parse(written, "manifest.json");
  if (!again.ok()) Fail("a parsed manifest does not read back", again.error().message);
  if (again->ToText() != written) Fail("BundleManifest::ToText", "changed on the round trip");
  return 0;
}

// manifest.json of a bundle as the enclave gets it from the (untrusted) host:
// BundleManifest::Parse, then what FetchManifest does next — Authenticate (the MAC under the
// data key; the fixed key of fixed_keys.h, which seals the seeds) and CheckBinding against the
// example policy. A manifest that parses must write itself out (ToText) and parse back to the same
// text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fixed_keys.h"
#include "fuzz_support.h"
#include "storage/bundle_key.h"
#include "storage/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cleanroom;
  using namespace cleanroom::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<BundleManifest> m = BundleManifest::Parse(text, "manifest.json");
  if (!m.ok()) {
    CheckError("BundleManifest::Parse", m.error(), {ErrorCode::kIntegrity});
    return 0;
  }
  static const BundleKey* key = new BundleKey(FixedBundleKey());  // the seeds' key
  static const BundleSubkeys* subkeys = new BundleSubkeys(DeriveBundleSubkeys(*key));
  Status authentic = m->Authenticate(*subkeys);
  if (!authentic.ok()) CheckError("Authenticate", authentic.error(), {ErrorCode::kIntegrity});
  Status bound = m->CheckBinding(*key, ExamplePolicy());
  if (!bound.ok()) CheckError("CheckBinding", bound.error(), {ErrorCode::kIntegrity});

  const std::string written = m->ToText();
  Result<BundleManifest> again = BundleManifest::Parse(written, "manifest.json");
  if (!again.ok()) Fail("a parsed manifest does not read back", again.error().message);
  if (again->ToText() != written) Fail("BundleManifest::ToText", "changed on the round trip");
  return 0;
}

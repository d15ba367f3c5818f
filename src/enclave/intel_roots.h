// The Intel root this build trusts for TDX quotes, pinned in the binary: the Intel SGX Root CA,
// which signs the PCK Platform and Processor CAs. A quote's PCK chain must end here; the root
// certificate a quote carries in its certification data is never trusted for itself.
#pragma once

#include <string>
#include <vector>

namespace cleanroom {

// PEM text of each pinned root (one today; intel_roots.cc names the source and fingerprint).
const std::vector<std::string>& PinnedIntelRootPems();

}  // namespace cleanroom

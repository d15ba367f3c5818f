// The AMD SEV-SNP roots this build trusts, pinned in the binary: for each product, AMD's Root
// Key (ARK, self-signed) and its SEV signing key (ASK). A VCEK is accepted only if it chains
// to one of these ARKs; an ARK carried next to a report is compared with them, never trusted
// for itself.
#pragma once

#include <string>
#include <vector>

namespace cleanroom {

struct AmdProductRoots {
  std::string product;  // "Milan", "Genoa", "Turin": the VCEK's issuer is "SEV-<product>"
  std::string ark_pem;
  std::string ask_pem;
};

// Milan, Genoa and Turin (amd_roots.cc names the source and fingerprints).
const std::vector<AmdProductRoots>& PinnedAmdRoots();

}  // namespace cleanroom

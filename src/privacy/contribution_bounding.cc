#include "privacy/contribution_bounding.h"

#include <set>

namespace cleanroom {

std::vector<size_t> SampleIndices(size_t n, size_t k, NoiseSource& src) {
  k = std::min(k, n);
  std::set<size_t> chosen;
  // Floyd: for j in [n-k, n): pick t in [0, j]; take t unless taken, else take
  // j.
  for (size_t j = n - k; j < n; ++j) {
    size_t t = static_cast<size_t>(src.UniformBelow(j + 1));
    if (!chosen.insert(t).second) chosen.insert(j);
  }
  return {chosen.begin(), chosen.end()};
}

}  // namespace cleanroom

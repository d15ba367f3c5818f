#include "policy/k_min.h"

#include <algorithm>

namespace cleanroom {

int64_t EffectiveKMin(const PrivacyParams& privacy,
                      const std::vector<const DatasetSpec*>& datasets) {
  int64_t k = privacy.k_min;
  for (const DatasetSpec* d : datasets) {
    if (d != nullptr && d->k_min) k = std::max(k, *d->k_min);
  }
  return k;
}

}  // namespace cleanroom

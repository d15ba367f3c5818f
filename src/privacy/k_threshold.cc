#include "privacy/k_threshold.h"

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

int64_t EffectiveKMin(const Policy& policy, const std::vector<std::string>& datasets) {
  std::vector<const DatasetSpec*> specs;
  for (const std::string& name : datasets) specs.push_back(policy.FindDataset(name));
  return EffectiveKMin(policy.privacy(), specs);
}

}  // namespace cleanroom

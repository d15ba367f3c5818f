// Contribution bounding helpers (docs/architecture.md, "Privacy semantics"): a uniform
// sample of the groups one person may contribute to; the clamp of per-person partials is
// FixedBounds::Clamp (policy/metric_bounds.h). Sensitivities follow from the policy only.
// Pure functions; the randomness is injected (CsprngNoiseSource in production).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/error.h"
#include "policy/metric_bounds.h"
#include "privacy/noise_source.h"

namespace cleanroom {

// min(k, n) distinct indices of [0, n), each subset equally likely, in
// increasing order (Floyd's algorithm: k draws, no shuffling of all n).
std::vector<size_t> SampleIndices(size_t n, size_t k, NoiseSource& src);

}  // namespace cleanroom

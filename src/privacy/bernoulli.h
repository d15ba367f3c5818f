// Exact Bernoulli trials with rational parameters, the building blocks of the
// discrete samplers (Canonne, Kamath, Steinke, "The Discrete Gaussian for
// Differential Privacy", NeurIPS 2020, Algorithm 1). Only integer arithmetic
// and uniform integer draws: no floating point touches a decision, so the
// output distribution is exactly the stated one.
#pragma once

#include "privacy/noise_source.h"

namespace cleanroom {

// True with probability num/den. Requires den > 0 and num <= den.
bool BernoulliRational(NoiseSource& src, UInt128 num, UInt128 den);

// True with probability exp(-num/den). Requires den > 0 (num may exceed den).
bool BernoulliExpMinus(NoiseSource& src, UInt128 num, UInt128 den);

}  // namespace cleanroom

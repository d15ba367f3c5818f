// Rational: a non-negative fraction num/den of 128-bit integers, how the
// samplers take their scales so that no floating-point value decides an output.
// Invariant (checked by the samplers' builders, not here): den > 0.
#pragma once

#include "privacy/noise_source.h"

namespace cleanroom {

struct Rational {
  UInt128 num = 0;
  UInt128 den = 1;

  double ToDouble() const { return static_cast<double>(num) / static_cast<double>(den); }
};

}  // namespace cleanroom

#include "privacy/bernoulli.h"

#include <cassert>

namespace cleanroom {
namespace {

// exp(-g) for g = num/den in [0, 1]: CKS Algorithm 1. Draw A_k ~ Bernoulli(g/k)
// for k = 1, 2, ... until the first A_k = 0; return whether that k is odd.
// Bernoulli(g/k) is drawn as Bernoulli(g) AND Bernoulli(1/k), so no denominator
// ever grows.
bool BernoulliExpMinusUnit(NoiseSource& src, UInt128 num, UInt128 den) {
  uint64_t k = 1;
  for (;;) {
    bool a = BernoulliRational(src, num, den) && src.UniformBelow(k) == 0;
    if (!a) break;
    ++k;
  }
  return (k % 2) == 1;
}

}  // namespace

bool BernoulliRational(NoiseSource& src, UInt128 num, UInt128 den) {
  assert(den > 0 && num <= den);
  if (num == den) return true;
  if (num == 0) return false;
  return src.UniformBelow128(den) < num;
}

bool BernoulliExpMinus(NoiseSource& src, UInt128 num, UInt128 den) {
  assert(den > 0);
  // exp(-g) = exp(-1)^floor(g) * exp(-(g - floor(g))): independent trials, all
  // must pass.
  UInt128 whole = num / den;
  for (UInt128 i = 0; i < whole; ++i) {
    if (!BernoulliExpMinusUnit(src, 1, 1)) return false;
  }
  return BernoulliExpMinusUnit(src, num % den, den);
}

}  // namespace cleanroom

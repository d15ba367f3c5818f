// A small stochastic DP tester (in the spirit of google/differential-privacy's
// stochastic tester): run a mechanism many times on two neighbouring inputs,
// histogram its outputs, and look for an output whose probability ratio
// provably exceeds e^epsilon. "Provably": the lower confidence bound of one
// side's probability exceeds e^epsilon times the upper bound of the other's
// (Wilson bounds, z = 6: each bound wrong with probability about 1e-9, so with
// at most 250 outputs, 2 sides and 2 bounds a correct mechanism is flagged with
// probability below 1e-6).
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <set>

#include "privacy/noise_source.h"
#include "stats.h"

namespace cleanroom::testing {

struct DpTestResult {
  bool violation = false;
  int64_t worst_output = 0;
  double worst_ratio_lower_bound = 0;  // the largest lower(p) / upper(q) seen
};

// `mechanism(neighbour, src)` returns the output as an integer (the caller
// buckets it).
inline DpTestResult TestEpsilonDp(
    const std::function<int64_t(bool neighbour, NoiseSource& src)>& mechanism, double epsilon,
    double delta, int64_t runs, uint64_t seed) {
  SeededNoiseSource src(seed);
  std::map<int64_t, int64_t> p, q;
  for (int64_t i = 0; i < runs; ++i) {
    ++p[mechanism(false, src)];
    ++q[mechanism(true, src)];
  }
  std::set<int64_t> outputs;
  for (auto& [o, c] : p) outputs.insert(o);
  for (auto& [o, c] : q) outputs.insert(o);
  DpTestResult r;
  const double z = 6, bound = std::exp(epsilon);
  for (int64_t o : outputs) {
    int64_t cp = p.count(o) ? p[o] : 0, cq = q.count(o) ? q[o] : 0;
    for (auto [a, b] : {std::pair{cp, cq}, std::pair{cq, cp}}) {
      double lower = WilsonLower(a, runs, z) - delta;
      double upper = WilsonUpper(b, runs, z);
      double ratio = lower / upper;
      if (ratio > r.worst_ratio_lower_bound) {
        r.worst_ratio_lower_bound = ratio;
        r.worst_output = o;
      }
      if (ratio > bound) r.violation = true;
    }
  }
  return r;
}

}  // namespace cleanroom::testing

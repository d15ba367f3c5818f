// Seeded generator of realistic ShopGood/NewsNow data (examples/shopgood-newsnow): NewsNow's
// ad exposures and ShopGood's purchases, with a chosen overlap of people between the two,
// and the mess real exports have (mixed case, stray spaces, empty and invalid emails,
// amounts with and without "$"). The same options and seed always give the same bytes.
// For tests and benchmarks only: the PRNG is a fast non-cryptographic one (SplitMix64),
// never used for keys, noise or anything secret (those come from crypto/csprng.h).
#pragma once

#include <cstdint>
#include <string>

#include "common/error.h"

namespace cleanroom::bench {

struct ScenarioOptions {
  uint64_t exposure_rows = 1000;
  uint64_t purchase_rows = 1000;
  // Fraction of purchase rows whose buyer is also someone NewsNow exposed (0..1).
  double overlap = 0.3;
  uint64_t seed = 1;
  double messy_emails = 0.2;     // fraction written with odd case or spaces (still valid)
  double invalid_emails = 0.01;  // fraction empty or not an email at all
};

// What the generator wrote, for assertions and for the benchmark's report.
struct ScenarioStats {
  uint64_t exposure_rows = 0;
  uint64_t purchase_rows = 0;
  uint64_t invalid_emails = 0;  // over both files
  uint64_t empty_emails = 0;    // over both files (a subset of invalid_emails)
  uint64_t exposure_bytes = 0;
  uint64_t purchase_bytes = 0;
};

// Writes exposures.csv (user_id,email,campaign_id,exposure_date) and purchases.csv
// (customer_id,email,purchase_date,total_spent) in the shape of examples/shopgood-newsnow. Either
// path may be empty to skip that file. kIo when a file cannot be written.
Result<ScenarioStats> WriteScenarioCsv(const ScenarioOptions& options,
                                       const std::string& exposures_path,
                                       const std::string& purchases_path);

}  // namespace cleanroom::bench

// The demo's data: the ShopGood/NewsNow story of examples/shopgood-newsnow/README.md at a realistic
// size, seeded so every run tells the same story. NewsNow exposed people to three campaigns (a
// large one, a medium one, and a tiny test campaign of a handful of people that k must suppress);
// ShopGood's customers overlap partly with them, and exposed people buy somewhat more. The
// files have the mess real exports have: mixed-case emails with stray spaces, "$" amounts,
// a few empty emails. Not for anything secret: the generator is SplitMix64.
#pragma once

#include <cstdint>
#include <string>

#include "common/error.h"

namespace cleanroom::cli {

struct DemoDataOptions {
  uint64_t people = 60000;  // the population both companies draw from
  uint64_t seed = 2025;
};

struct DemoDataStats {
  uint64_t exposures = 0;
  uint64_t purchases = 0;
};

// Writes exposures.csv and purchases.csv in the shape of examples/shopgood-newsnow. kIo on write
// failure.
Result<DemoDataStats> WriteDemoData(const DemoDataOptions& options,
                                    const std::string& exposures_path,
                                    const std::string& purchases_path);

}  // namespace cleanroom::cli

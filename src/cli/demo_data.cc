#include "cli/demo_data.h"

#include <cstdio>
#include <string>

#include "common/file_io.h"
#include "common/splitmix64.h"

namespace cleanroom::cli {
namespace {

// "2025-10-DD" for a day of October 2025 (1..31).
std::string October(uint64_t day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "2025-10-%02u", static_cast<unsigned>(day));
  return buf;
}

// The person's email as one export or the other might spell it.
std::string Email(uint64_t person, SplitMix64& rng) {
  std::string e = "user" + std::to_string(person) + "@example.com";
  double r = rng.Unit();
  if (r < 0.10) {
    for (char& c : e) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else if (r < 0.18) {
    e = "  " + e + " ";
  } else if (r < 0.20) {
    e[0] = 'U';
  }
  return e;
}

}  // namespace

Result<DemoDataStats> WriteDemoData(const DemoDataOptions& options,
                                    const std::string& exposures_path,
                                    const std::string& purchases_path) {
  SplitMix64 rng(options.seed);
  DemoDataStats stats;
  std::string exposures = "user_id,email,campaign_id,exposure_date\n";
  std::string purchases = "customer_id,email,purchase_date,total_spent\n";
  // first_exposure[p]: the day person p was first exposed (0: never).
  std::vector<uint8_t> first_exposure(options.people, 0);
  for (uint64_t p = 0; p < options.people; ++p) {
    double r = rng.Unit();
    const char* campaign = nullptr;
    if (r < 0.40) {
      campaign = "sg_fall25";
    } else if (r < 0.55) {
      campaign = "sg_winter25";
    } else if (p % 9973 == 7) {
      campaign = "sg_pilot";  // the tiny test campaign: a handful of people
    }
    if (campaign == nullptr) continue;
    uint64_t views = 1 + rng.Below(3);
    for (uint64_t v = 0; v < views; ++v) {
      uint64_t day = 1 + rng.Below(20);
      if (first_exposure[p] == 0 || day < first_exposure[p]) {
        first_exposure[p] = static_cast<uint8_t>(day);
      }
      std::string email = rng.Unit() < 0.002 ? "" : Email(p, rng);
      exposures += std::to_string(100000 + stats.exposures) + "," + email + "," + campaign + "," +
                   October(day) + "\n";
      ++stats.exposures;
    }
  }
  for (uint64_t p = 0; p < options.people; ++p) {
    // Exposed people buy more often: the lift the advertiser hopes to see.
    double buy = first_exposure[p] != 0 ? 0.30 : 0.22;
    if (rng.Unit() >= buy) continue;
    uint64_t orders = 1 + rng.Below(2);
    for (uint64_t o = 0; o < orders; ++o) {
      uint64_t day = 1 + rng.Below(31);
      uint64_t cents = 500 + rng.Below(25000) + (rng.Unit() < 0.02 ? 60000 : 0);
      char amount[32];
      std::snprintf(amount, sizeof amount, "%s%llu.%02llu", rng.Unit() < 0.5 ? "$" : "",
                    static_cast<unsigned long long>(cents / 100),
                    static_cast<unsigned long long>(cents % 100));
      purchases += std::to_string(700000 + stats.purchases) + "," + Email(p, rng) + "," +
                   October(day) + "," + amount + "\n";
      ++stats.purchases;
    }
  }
  CR_RETURN_IF_ERROR(WriteFileAtomic(exposures_path, exposures));
  CR_RETURN_IF_ERROR(WriteFileAtomic(purchases_path, purchases));
  return stats;
}

}  // namespace cleanroom::cli

// prepare_datagen: writes the ShopGood/NewsNow CSVs (bench/data_generator.h) for the prepare
// benchmark and for anyone who wants realistic data of a chosen size.
//   prepare_datagen --rows N [--exposure-rows N] [--overlap F] [--seed S] --out DIR
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench/data_generator.h"

int main(int argc, char** argv) {
  cleanroom::bench::ScenarioOptions o;
  o.purchase_rows = 1000000;
  o.exposure_rows = 0;
  std::string out = ".";
  bool exposure_set = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    const char* v = argv[i + 1];
    if (flag == "--rows") {
      o.purchase_rows = std::strtoull(v, nullptr, 10);
    } else if (flag == "--exposure-rows") {
      o.exposure_rows = std::strtoull(v, nullptr, 10);
      exposure_set = true;
    } else if (flag == "--overlap") {
      o.overlap = std::strtod(v, nullptr);
    } else if (flag == "--seed") {
      o.seed = std::strtoull(v, nullptr, 10);
    } else if (flag == "--out") {
      out = v;
    } else {
      std::fprintf(stderr,
                   "usage: prepare_datagen --rows N [--exposure-rows N] [--overlap F] "
                   "[--seed S] --out DIR\n");
      return 2;
    }
  }
  if (!exposure_set) o.exposure_rows = o.purchase_rows;
  auto stats =
      cleanroom::bench::WriteScenarioCsv(o, out + "/exposures.csv", out + "/purchases.csv");
  if (!stats.ok()) {
    std::fprintf(stderr, "error: %s\n", stats.error().message.c_str());
    return 1;
  }
  std::printf(
      "wrote %s/exposures.csv (%llu rows, %llu bytes) and %s/purchases.csv (%llu rows, "
      "%llu bytes); %llu invalid emails (%llu empty)\n",
      out.c_str(), static_cast<unsigned long long>(stats->exposure_rows),
      static_cast<unsigned long long>(stats->exposure_bytes), out.c_str(),
      static_cast<unsigned long long>(stats->purchase_rows),
      static_cast<unsigned long long>(stats->purchase_bytes),
      static_cast<unsigned long long>(stats->invalid_emails),
      static_cast<unsigned long long>(stats->empty_emails));
  return 0;
}

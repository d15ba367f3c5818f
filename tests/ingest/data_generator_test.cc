// A small smoke run of the benchmark's data generator: seeded, the requested shape, and
// every file it writes goes through prepare.
#include "bench/data_generator.h"

#include <gtest/gtest.h>

#include "common/file_io.h"
#include "ingest/prepare.h"
#include "storage/test_policy.h"
#include "support/process.h"

namespace cleanroom {
namespace {

using testing::ScratchDir;

TEST(DataGenerator, SeededShapeAndPreparable) {
  ScratchDir dir;
  bench::ScenarioOptions o;
  o.exposure_rows = 300;
  o.purchase_rows = 200;
  o.seed = 7;
  o.invalid_emails = 0.05;
  auto stats = bench::WriteScenarioCsv(o, dir / "exposures.csv", dir / "purchases.csv");
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  EXPECT_EQ(stats->exposure_rows, 300u);
  EXPECT_EQ(stats->purchase_rows, 200u);
  std::string exposures = ReadTextFile(dir / "exposures.csv").value();
  std::string purchases = ReadTextFile(dir / "purchases.csv").value();
  EXPECT_EQ(exposures.rfind("user_id,email,campaign_id,exposure_date\n", 0), 0u);
  EXPECT_EQ(purchases.rfind("customer_id,email,purchase_date,total_spent\n", 0), 0u);
  EXPECT_EQ(stats->exposure_bytes, exposures.size());
  EXPECT_EQ(std::count(purchases.begin(), purchases.end(), '\n'), 201);

  // The same seed gives the same bytes; another seed does not.
  ScratchDir again;
  ASSERT_TRUE(bench::WriteScenarioCsv(o, "", again / "purchases.csv").ok());
  EXPECT_EQ(ReadTextFile(again / "purchases.csv").value(), purchases);
  o.seed = 8;
  ASSERT_TRUE(bench::WriteScenarioCsv(o, "", again / "other.csv").ok());
  EXPECT_NE(ReadTextFile(again / "other.csv").value(), purchases);

  Policy policy = testing::TestPolicy();
  for (const char* dataset : {"exposures", "purchases"}) {
    PrepareOptions p;
    p.input = dir / (std::string(dataset) + ".csv");
    p.out_dir = dir / dataset;
    auto s = Prepare(policy, dataset, Bytes(32, 1), p);
    ASSERT_TRUE(s.ok()) << s.error().message;
    uint64_t rejected = 0;
    for (const auto& [reason, n] : s->rejected) rejected += n;
    EXPECT_EQ(s->fingerprinted + rejected, s->rows);
  }
}

}  // namespace
}  // namespace cleanroom

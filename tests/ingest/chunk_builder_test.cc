#include "ingest/chunk_builder.h"

#include <gtest/gtest.h>

#include <optional>

namespace cleanroom {
namespace {

// A job whose identifier column holds `ids` (nullopt: no fingerprint, NULL).
ChunkJob JobWith(const std::vector<std::optional<std::string>>& ids) {
  ChunkJob job;
  job.columns.resize(1);
  job.columns[0].is_identifier = true;
  for (const auto& id : ids) {
    job.columns[0].valid.push_back(id.has_value() ? 1 : 0);
    if (id) job.id_bytes += *id;
    job.id_offsets.push_back(static_cast<uint32_t>(job.id_bytes.size()));
  }
  return job;
}

// Repeated identifiers are fingerprinted once per chunk and copied: every row must still
// hold exactly its own identifier's fingerprint (prefixes, empty-looking and NULL rows
// included), and the job's buffers are reused from chunk to chunk.
TEST(FingerprintIdentifiers, RepeatedIdentifiersGetTheirOwnFingerprints) {
  Fingerprinter fp = Fingerprinter::Create(Bytes(32, 7), "fall25").value();
  std::vector<std::optional<std::string>> ids;
  for (int i = 0; i < 5000; ++i) {
    if (i % 7 == 0) {
      ids.push_back(std::nullopt);
    } else {
      // 1,000 distinct values, each repeated, some a prefix of others ("a1" / "a10").
      ids.push_back("a" + std::to_string((i * 37) % 1000));
    }
  }
  ChunkJob job = JobWith(ids);
  for (int round = 0; round < 2; ++round) {
    FingerprintIdentifiers(fp, job);
    const ColumnVector& col = job.columns[0];
    ASSERT_EQ(col.fingerprints.size(), ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      Fingerprint want = ids[i] ? fp.Compute(*ids[i]) : Fingerprint{};
      ASSERT_EQ(col.fingerprints[i], want) << "row " << i;
    }
    EXPECT_TRUE(job.id_bytes.empty()) << "normalised identifiers are wiped";
    ChunkJob again = JobWith(ids);  // the next chunk, in the same (reused) job
    job.id_bytes = again.id_bytes;
    job.id_offsets = again.id_offsets;
  }
}

}  // namespace
}  // namespace cleanroom

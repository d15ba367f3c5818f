#include "ingest/chunk_pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace cleanroom {
namespace {

// Chunk 1 fails late, chunk 2 fails at once: the pipeline must report chunk 1's error (the
// earlier one in the file), both from Submit and from Finish, and start no chunk after it.
TEST(ChunkPipeline, ReportsTheLowestFailingChunkNotTheFirstToFail) {
  for (bool through_finish : {false, true}) {
    std::atomic<size_t> highest_started{0};
    ChunkPipeline pipeline(2, [&](unsigned, size_t chunk) -> Status {
      size_t seen = highest_started.load();
      while (chunk > seen && !highest_started.compare_exchange_weak(seen, chunk)) {
      }
      if (chunk == 1) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return MakeError(ErrorCode::kBadInput, "chunk 1 is bad");
      }
      if (chunk == 2) return MakeError(ErrorCode::kBadInput, "chunk 2 is bad");
      return Ok();
    });
    Status st = Ok();
    size_t submitted = through_finish ? 3 : 50;
    for (size_t c = 0; c < submitted && st.ok(); ++c) st = pipeline.Submit(c);
    if (st.ok()) st = pipeline.Finish();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().message, "chunk 1 is bad");
    EXPECT_LT(highest_started.load(), 10u) << "no new chunk starts after a failure";
  }
}

TEST(ChunkPipeline, RunsEveryChunkOnceWhenAllSucceed) {
  std::vector<std::atomic<int>> runs(100);
  ChunkPipeline pipeline(3, [&](unsigned worker, size_t chunk) -> Status {
    EXPECT_LT(worker, 3u);
    ++runs[chunk];
    return Ok();
  });
  for (size_t c = 0; c < runs.size(); ++c) ASSERT_TRUE(pipeline.Submit(c).ok());
  ASSERT_TRUE(pipeline.Finish().ok());
  EXPECT_EQ(pipeline.done(), 100u);
  for (size_t c = 0; c < runs.size(); ++c) EXPECT_EQ(runs[c].load(), 1) << c;
}

}  // namespace
}  // namespace cleanroom

// ChunkPipeline: runs the chunks of a prepare on worker threads. The caller submits chunk
// indexes in order; each worker takes the next one and runs the work function on it with
// its own worker number (so per-worker buffers need no locks). The queue is bounded (a few
// chunks), so memory stays bounded by the chunk size whatever the input. After the first
// failure no new chunk is started; the error reported (by the next Submit, or by Finish)
// is the failure of the lowest chunk index, so the first bad record of the file is the one
// named, however the chunks were scheduled. Submit and Finish are called from one thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/error.h"

namespace cleanroom {

class ChunkPipeline {
 public:
  using Work = std::function<Status(unsigned worker, size_t chunk)>;

  ChunkPipeline(unsigned threads, Work work);
  ~ChunkPipeline();  // stops the workers (discarding queued chunks) and joins them
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;

  // Queues a chunk, waiting while the queue is full.
  Status Submit(size_t chunk);
  // Waits until every queued chunk is done; joins the workers.
  Status Finish();
  // Chunks finished so far (for progress lines).
  size_t done() const;

 private:
  void Run(unsigned worker);
  void Stop();

  Work work_;
  mutable std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<size_t> queue_;
  size_t capacity_;
  size_t busy_ = 0;
  size_t done_ = 0;
  bool closing_ = false;
  bool failed_ = false;
  size_t failed_chunk_ = 0;
  Error first_error_;
  std::vector<std::thread> threads_;
};

}  // namespace cleanroom

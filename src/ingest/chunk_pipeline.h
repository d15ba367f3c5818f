// ChunkPipeline: the worker side of prepare. The parsing thread hands over one chunk at a
// time (typed columns, and the normalised identifiers of the chunk); workers compute the
// fingerprints, then encode, seal and write the chunk through the BundleWriter. The queue
// is bounded (a few chunks), so memory stays bounded by the chunk size whatever the input.
// Submit and Finish are called from one thread; the first worker error stops the work and
// is returned by the next Submit or by Finish.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "ingest/fingerprint.h"
#include "storage/bundle_writer.h"
#include "storage/column_vector.h"

namespace cleanroom {

struct ChunkJob {
  size_t index = 0;
  std::vector<ColumnVector> columns;  // stored columns in manifest order
  size_t id_column = 0;               // which one is the identifier
  // Normalised identifiers of the chunk, back to back: row i is
  // id_bytes[id_offsets[i], id_offsets[i + 1]) when columns[id_column].valid[i].
  std::string id_bytes;
  std::vector<uint32_t> id_offsets{0};
};

class ChunkPipeline {
 public:
  ChunkPipeline(unsigned threads, const Fingerprinter& fingerprinter, BundleWriter& writer);
  ~ChunkPipeline();  // stops the workers (discarding queued work) and joins them
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;

  // Queues a chunk, waiting while the queue is full.
  Status Submit(std::unique_ptr<ChunkJob> job);
  // Waits until every queued chunk is written; joins the workers.
  Status Finish();

  // Computes the fingerprints of a job (exposed for tests).
  static void ComputeFingerprints(const Fingerprinter& fingerprinter, ChunkJob& job);

 private:
  void Work();
  void Stop();

  const Fingerprinter& fingerprinter_;
  BundleWriter& writer_;
  std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<std::unique_ptr<ChunkJob>> queue_;
  size_t capacity_;
  size_t busy_ = 0;
  bool closing_ = false;
  bool failed_ = false;
  Error first_error_;
  std::vector<std::thread> threads_;
};

}  // namespace cleanroom

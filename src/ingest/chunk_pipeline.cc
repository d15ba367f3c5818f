#include "ingest/chunk_pipeline.h"

namespace cleanroom {

ChunkPipeline::ChunkPipeline(unsigned threads, const Fingerprinter& fingerprinter,
                             BundleWriter& writer)
    : fingerprinter_(fingerprinter), writer_(writer), capacity_(threads + 1) {
  if (threads == 0) threads = 1;
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

ChunkPipeline::~ChunkPipeline() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.clear();  // abandoned (an error elsewhere): do not write what is still queued
  }
  Stop();
}

void ChunkPipeline::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void ChunkPipeline::ComputeFingerprints(const Fingerprinter& fingerprinter, ChunkJob& job) {
  ColumnVector& id = job.columns[job.id_column];
  id.fingerprints.assign(id.valid.size(), Fingerprint{});
  for (size_t i = 0; i < id.valid.size(); ++i) {
    if (!id.valid[i]) continue;
    std::string_view value(job.id_bytes.data() + job.id_offsets[i],
                           job.id_offsets[i + 1] - job.id_offsets[i]);
    id.fingerprints[i] = fingerprinter.Compute(value);
  }
  // The normalised identifiers are PII: wipe them as soon as they are no longer needed.
  WipeString(job.id_bytes);
}

void ChunkPipeline::Work() {
  for (;;) {
    std::unique_ptr<ChunkJob> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      not_empty_.wait(lock, [this] { return closing_ || failed_ || !queue_.empty(); });
      if (failed_ || queue_.empty()) return;  // closing with nothing left, or stopped by an error
      job = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    not_full_.notify_one();
    ComputeFingerprints(fingerprinter_, *job);
    Status st = writer_.WriteChunk(job->index, job->columns);
    {
      std::lock_guard<std::mutex> lock(mu_);
      --busy_;
      if (!st.ok() && !failed_) {
        failed_ = true;
        first_error_ = std::move(st).error();
      }
    }
    not_full_.notify_all();
    not_empty_.notify_all();
  }
}

Status ChunkPipeline::Submit(std::unique_ptr<ChunkJob> job) {
  std::unique_lock<std::mutex> lock(mu_);
  not_full_.wait(lock, [this] { return failed_ || queue_.size() < capacity_; });
  if (failed_) return first_error_;
  queue_.push_back(std::move(job));
  lock.unlock();
  not_empty_.notify_one();
  return Ok();
}

Status ChunkPipeline::Finish() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [this] { return failed_ || (queue_.empty() && busy_ == 0); });
  }
  Stop();
  if (failed_) return first_error_;
  return Ok();
}

}  // namespace cleanroom

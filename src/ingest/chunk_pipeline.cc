#include "ingest/chunk_pipeline.h"

namespace cleanroom {

ChunkPipeline::ChunkPipeline(unsigned threads, Work work)
    : work_(std::move(work)), capacity_(threads + 1) {
  if (threads == 0) threads = 1;
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this, i] { Run(i); });
}

ChunkPipeline::~ChunkPipeline() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.clear();  // abandoned (an error elsewhere): do not start what is still queued
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

void ChunkPipeline::Run(unsigned worker) {
  for (;;) {
    size_t chunk = 0;
    {
      std::unique_lock<std::mutex> lock(mu_);
      not_empty_.wait(lock, [this] { return closing_ || failed_ || !queue_.empty(); });
      if (failed_ || queue_.empty()) return;  // closing with nothing left, or stopped by an error
      chunk = queue_.front();
      queue_.pop_front();
      ++busy_;
    }
    not_full_.notify_one();
    Status st = work_(worker, chunk);
    {
      std::lock_guard<std::mutex> lock(mu_);
      --busy_;
      ++done_;
      // Chunks are taken in order, so every lower chunk has been taken already: keeping
      // the lowest failure makes the reported error the first one in the file.
      if (!st.ok() && (!failed_ || chunk < failed_chunk_)) {
        failed_ = true;
        failed_chunk_ = chunk;
        first_error_ = std::move(st).error();
      }
    }
    not_full_.notify_all();
    not_empty_.notify_all();
  }
}

Status ChunkPipeline::Submit(size_t chunk) {
  std::unique_lock<std::mutex> lock(mu_);
  not_full_.wait(lock, [this] { return failed_ || queue_.size() < capacity_; });
  if (failed_) {
    // Let the chunks in progress finish: one of them may hold an earlier error.
    not_full_.wait(lock, [this] { return busy_ == 0; });
    return first_error_;
  }
  queue_.push_back(chunk);
  lock.unlock();
  not_empty_.notify_one();
  return Ok();
}

Status ChunkPipeline::Finish() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [this] { return failed_ || (queue_.empty() && busy_ == 0); });
    if (failed_) not_full_.wait(lock, [this] { return busy_ == 0; });
  }
  Stop();
  if (failed_) return first_error_;
  return Ok();
}

size_t ChunkPipeline::done() const {
  std::lock_guard<std::mutex> lock(mu_);
  return done_;
}

}  // namespace cleanroom

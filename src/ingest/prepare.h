// Prepare: a party's CSV -> an encrypted, fingerprinted bundle (manifest.json + chunks/)
// and its key file. Streams the input: memory is bounded by a few chunks, not the file.
// The header is matched to the policy's columns by name; `drop` columns are read past and
// never written; identifiers are normalised and replaced by fingerprints (an empty or
// invalid one becomes NULL and is counted by reason); an unquoted empty field is NULL.
// The main thread parses, worker threads fingerprint, encode, seal and write chunks.
// On any error nothing is left behind (the bundle is built in a temporary directory).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/error.h"
#include "policy/policy.h"
#include "storage/manifest.h"

namespace cleanroom {

struct PrepareProgress {
  uint64_t rows = 0;
  uint64_t total_rows = 0;
  uint64_t bytes_in = 0;
  uint64_t total_bytes_in = 0;
};

struct PrepareOptions {
  std::string input;     // the CSV file
  std::string out_dir;   // the bundle directory to create (must not exist)
  std::string key_path;  // empty: out_dir + ".key"
  uint64_t chunk_rows = kDefaultChunkRows;
  unsigned threads = 0;  // worker threads; 0: one per core
  // Called from the parsing thread after each chunk is parsed.
  std::function<void(const PrepareProgress&)> progress;
};

struct PrepareSummary {
  std::string room;
  std::string dataset;
  std::string out_dir;
  std::string key_path;
  std::string bundle_id;
  uint64_t rows = 0;
  uint64_t chunks = 0;
  uint64_t fingerprinted = 0;                // identifiers that got a fingerprint
  std::map<std::string, uint64_t> rejected;  // identifiers without one, by reason (the
                                             // reasons the normaliser can give, even at 0)
  std::map<std::string, uint64_t> nulls;     // NULL values per stored non-identifier column
  std::vector<std::string> stored_columns;
  std::vector<std::string> dropped_columns;
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
  double seconds = 0;
};

// kUsage when `dataset` is not in the policy; kBadInput for a bad salt or any CSV problem
// (message "FILE:LINE:COLUMN (NAME): ..."); kIo for files that cannot be read or written.
Result<PrepareSummary> Prepare(const Policy& policy, const std::string& dataset, ByteView join_salt,
                               const PrepareOptions& options);

}  // namespace cleanroom

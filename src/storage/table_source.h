// TableSource: how the engine reads one dataset, chunk by chunk, decrypting only the
// columns a query needs. Implemented by the bundle reader (files on this machine), by the
// enclave (ciphertext fetched from the host through an OCALL, decrypted inside), and by
// an in-memory plaintext twin in tests. Not thread-safe: one reader per thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "policy/policy.h"
#include "storage/column_vector.h"

namespace cleanroom {

class TableSource {
 public:
  virtual ~TableSource() = default;
  // The dataset's schema as the policy declares it (drop columns are never present).
  virtual const DatasetSpec& spec() const = 0;
  virtual uint64_t row_count() const = 0;
  virtual size_t chunk_count() const = 0;
  // Decoded columns of chunk `chunk`, in the order asked. kIntegrity when a chunk fails to
  // authenticate; kInternal for an unknown column. The engine calls it from several threads
  // at once (one chunk each), so implementations must be safe for that.
  virtual Result<std::vector<ColumnVector>> ReadChunk(size_t chunk,
                                                      const std::vector<std::string>& columns) = 0;
};

}  // namespace cleanroom

// ColumnVector: one decoded column of one chunk of a dataset, as the engine consumes it.
// Every type is held as int64 except strings and fingerprints, so that the hot loops of
// the engine are plain integer loops:
//   int      the value
//   decimal  fixed point: value * kDecimalScale (75.50 -> 755000)
//   date     days since 1970-01-01
//   bool     0 or 1
//   string   in `strings`
//   identifier columns hold fingerprints (HMAC-SHA256, 32 bytes) in `fingerprints`;
//   an identifier without a fingerprint (empty or invalid at prepare) is null.
// `valid[i]` is 0 when row i is SQL NULL (its slot in the value vector is then 0 / "").
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "policy/policy.h"

namespace cleanroom {

using Fingerprint = std::array<uint8_t, 32>;

struct ColumnVector {
  std::string name;
  ColumnType type = ColumnType::kString;
  bool is_identifier = false;
  std::vector<int64_t> ints;              // int, decimal, date, bool
  std::vector<std::string> strings;       // string
  std::vector<Fingerprint> fingerprints;  // identifier
  std::vector<uint8_t> valid;             // 1 = not null; size() == row count

  size_t size() const { return valid.size(); }
};

}  // namespace cleanroom

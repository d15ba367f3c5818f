// Column encoding: one column of one chunk as bytes (the plaintext that is then sealed),
// and back. Fixed-width little-endian int64 for int, decimal (fixed point), date (days
// since epoch); one byte per bool; 32 bytes per fingerprint; strings as a dictionary when
// values repeat, else as offsets + bytes; a null bitmap in front. docs/bundle-format.md
// gives the byte layout. Decode checks every length and offset: a malformed buffer is a
// kIntegrity error, never a crash. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "common/bytes.h"
#include "common/error.h"
#include "storage/column_vector.h"

namespace cleanroom {

// What a column chunk decodes into: the column's name, type and whether it holds
// fingerprints (an identifier).
struct ColumnShape {
  std::string name;
  ColumnType type = ColumnType::kString;
  bool is_identifier = false;
};

// Encodes `column` (its shape is taken from the vector itself). Appends to `out`.
void EncodeColumn(const ColumnVector& column, Bytes& out);

// Decodes a buffer written by EncodeColumn for a column of `shape` holding `rows` rows.
Result<ColumnVector> DecodeColumn(ByteView encoded, const ColumnShape& shape, uint64_t rows);

}  // namespace cleanroom

#include "ingest/chunk_builder.h"

#include <algorithm>
#include <cstdint>
#include <functional>

#include "crypto/secret_bytes.h"
#include "ingest/normalize.h"
#include "ingest/value_parser.h"

namespace cleanroom {
namespace {

std::string_view (*ParserFor(const ColumnSpec& c))(std::string_view, int64_t&) {
  if (c.role == ColumnRole::kIdentifier) return nullptr;
  switch (c.type) {
    case ColumnType::kInt:
      return &ParseIntValue;
    case ColumnType::kDecimal:
      return &ParseDecimalValue;
    case ColumnType::kDate:
      return &ParseDateValue;
    case ColumnType::kBool:
      return &ParseBoolValue;
    case ColumnType::kString:
      break;
  }
  return nullptr;
}

void ResetJob(const std::vector<ColumnSpec>& stored, uint64_t rows, ChunkJob& job) {
  job.columns.resize(stored.size());
  for (size_t k = 0; k < stored.size(); ++k) {
    ColumnVector& c = job.columns[k];
    c.name = stored[k].name;
    c.type = stored[k].type;
    c.is_identifier = stored[k].role == ColumnRole::kIdentifier;
    c.valid.clear();
    c.valid.reserve(rows);
    c.ints.clear();
    c.strings.clear();
    c.fingerprints.clear();
    if (c.is_identifier) {
      job.id_column = k;
    } else if (c.type == ColumnType::kString) {
      c.strings.reserve(rows);
    } else {
      c.ints.reserve(rows);
    }
  }
  job.id_bytes.clear();
  job.id_offsets.assign(1, 0);
  job.id_offsets.reserve(rows + 1);
}

}  // namespace

ChunkBuilder::ChunkBuilder(std::vector<ColumnSpec> stored, std::vector<size_t> csv_index,
                           size_t width)
    : stored_(std::move(stored)), csv_index_(std::move(csv_index)), width_(width) {
  for (const ColumnSpec& c : stored_) parsers_.push_back(ParserFor(c));
}

Status ChunkBuilder::Build(CsvReader& reader, uint64_t rows, ChunkJob& job,
                           ChunkCounts& counts) const {
  ResetJob(stored_, rows, job);
  counts.nulls.resize(stored_.size(), 0);
  std::vector<CsvField> fields;
  fields.reserve(width_);
  std::string normalized;
  std::vector<size_t> string_bytes(stored_.size(), 0);  // per column, in this chunk
  uint64_t first_line = 0;                              // of the chunk's first record
  for (uint64_t r = 0; r < rows; ++r) {
    CR_ASSIGN_OR_RETURN(bool more, reader.Next(fields));
    if (!more) {
      return MakeError(ErrorCode::kIo, reader.path() +
                                           " changed while it was read (a record is missing "
                                           "after line " +
                                           std::to_string(reader.record_line()) +
                                           "); run prepare again");
    }
    if (fields.size() != width_) return reader.WidthError(fields.size(), width_);
    if (r == 0) first_line = reader.record_line();
    for (size_t k = 0; k < stored_.size(); ++k) {
      const CsvField& f = fields[csv_index_[k]];
      ColumnVector& col = job.columns[k];
      if (f.value.size() > kMaxFieldBytes) {
        return reader.FieldError(fields, csv_index_[k],
                                 "a value of " + std::to_string(f.value.size()) +
                                     " bytes is over the limit of " +
                                     std::to_string(kMaxFieldBytes) + " bytes (1 MiB)");
      }
      if (col.is_identifier) {
        std::string_view reason =
            NormalizeIdentifierInto(stored_[k].normalize, f.value, normalized);
        if (reason.empty()) {
          job.id_bytes.append(normalized);
          col.valid.push_back(1);
        } else {
          ++counts.rejected[reason == kRejectEmpty ? 0 : reason == kRejectNotEmail ? 1 : 2];
          col.valid.push_back(0);
        }
        job.id_offsets.push_back(static_cast<uint32_t>(job.id_bytes.size()));
      } else if (parsers_[k] == nullptr) {  // string: unquoted empty is NULL, "" is ""
        bool null = f.value.empty() && !f.quoted;
        col.valid.push_back(null ? 0 : 1);
        col.strings.emplace_back(f.value);
        counts.nulls[k] += null;
        string_bytes[k] += f.value.size();
        if (string_bytes[k] > kMaxChunkColumnBytes) {
          uint64_t fits = std::max<uint64_t>(1, (r + 1) / 2);
          return MakeError(
              ErrorCode::kBadInput,
              reader.path() + ":" + std::to_string(first_line) + "-" +
                  std::to_string(reader.record_line()) + ": column " + stored_[k].name +
                  " holds more than " + std::to_string(kMaxChunkColumnBytes) +
                  " bytes (64 MiB) in one chunk of " + std::to_string(rows) +
                  " rows; prepare again with --chunk-rows " + std::to_string(fits) + " or fewer");
        }
      } else if (IsBlank(f.value)) {
        col.valid.push_back(0);
        col.ints.push_back(0);
        ++counts.nulls[k];
      } else {
        int64_t v = 0;
        std::string_view problem = parsers_[k](f.value, v);
        if (!problem.empty()) {
          return reader.FieldError(fields, csv_index_[k],
                                   QuoteForMessage(f.value) + " " + std::string(problem));
        }
        col.valid.push_back(1);
        col.ints.push_back(v);
      }
    }
  }
  WipeString(normalized);
  CR_ASSIGN_OR_RETURN(bool extra, reader.Next(fields));
  if (extra) {
    return MakeError(ErrorCode::kIo, reader.path() + " changed while it was read (line " +
                                         std::to_string(reader.record_line()) +
                                         " holds a record that was not there); run prepare "
                                         "again");
  }
  return Ok();
}

void FingerprintIdentifiers(const Fingerprinter& fingerprinter, ChunkJob& job) {
  ColumnVector& id = job.columns[job.id_column];
  const size_t rows = id.valid.size();
  id.fingerprints.assign(rows, Fingerprint{});
  auto value = [&job](size_t row) {
    return std::string_view(job.id_bytes.data() + job.id_offsets[row],
                            job.id_offsets[row + 1] - job.id_offsets[row]);
  };
  // Table of at least twice the rows, a power of two; kEmpty marks a free slot.
  constexpr uint32_t kEmpty = UINT32_MAX;
  size_t slots = 16;
  while (slots < 2 * rows) slots *= 2;
  job.first_row_of.assign(slots, kEmpty);
  const std::hash<std::string_view> hash;
  for (size_t i = 0; i < rows; ++i) {
    if (!id.valid[i]) continue;
    std::string_view v = value(i);
    size_t slot = hash(v) & (slots - 1);
    for (;;) {
      uint32_t first = job.first_row_of[slot];
      if (first == kEmpty) {
        job.first_row_of[slot] = static_cast<uint32_t>(i);
        id.fingerprints[i] = fingerprinter.Compute(v);
        break;
      }
      if (value(first) == v) {
        id.fingerprints[i] = id.fingerprints[first];
        break;
      }
      slot = (slot + 1) & (slots - 1);
    }
  }
  // The normalised identifiers are PII: wipe them as soon as they are no longer needed.
  WipeString(job.id_bytes);
}

}  // namespace cleanroom

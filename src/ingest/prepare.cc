#include "ingest/prepare.h"

#include <chrono>
#include <thread>

#include "ingest/chunk_pipeline.h"
#include "ingest/csv_reader.h"
#include "ingest/fingerprint.h"
#include "ingest/normalize.h"
#include "ingest/value_parser.h"
#include "storage/bundle_writer.h"

namespace cleanroom {
namespace {

std::string JoinNames(const std::vector<ColumnSpec>& columns) {
  std::string s;
  for (const ColumnSpec& c : columns) s += (s.empty() ? "" : ", ") + c.name;
  return s;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Where each stored column is in the CSV, from the header line.
Result<std::vector<size_t>> MapHeader(CsvReader& reader, const std::vector<CsvField>& header,
                                      const DatasetSpec& spec,
                                      const std::vector<ColumnSpec>& stored) {
  std::vector<std::string> names;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name(TrimSpaces(header[i].value));
    if (name.empty()) return reader.FieldError(header, i, "empty column name in the header");
    for (size_t j = 0; j < names.size(); ++j) {
      if (names[j] == name) {
        return reader.FieldError(header, i,
                                 "column '" + name + "' appears twice in the header (also column " +
                                     std::to_string(j + 1) + ")");
      }
    }
    if (spec.FindColumn(name) == nullptr) {
      return reader.FieldError(header, i,
                               "column '" + name + "' is not in dataset '" + spec.name +
                                   "' of the policy (its columns: " + JoinNames(spec.columns) +
                                   "); remove it from the file, or add it to the policy (role "
                                   "\"drop\" if it must not be uploaded)");
    }
    names.push_back(std::move(name));
  }
  for (const ColumnSpec& c : spec.columns) {
    bool found = false;
    for (const std::string& n : names) found = found || n == c.name;
    if (!found) {
      return reader.RecordError(
          "column '" + c.name + "' of dataset '" + spec.name +
          "' is missing from the header (the policy's columns: " + JoinNames(spec.columns) + ")");
    }
  }
  std::vector<size_t> index;
  for (const ColumnSpec& c : stored) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == c.name) index.push_back(i);
    }
  }
  reader.SetColumnNames(std::move(names));
  return index;
}

std::unique_ptr<ChunkJob> NewJob(size_t index, const std::vector<ColumnSpec>& stored,
                                 uint64_t rows) {
  auto job = std::make_unique<ChunkJob>();
  job->index = index;
  job->columns.resize(stored.size());
  for (size_t k = 0; k < stored.size(); ++k) {
    ColumnVector& c = job->columns[k];
    c.name = stored[k].name;
    c.type = stored[k].type;
    c.is_identifier = stored[k].role == ColumnRole::kIdentifier;
    c.valid.reserve(rows);
    if (c.is_identifier) {
      job->id_column = k;
      job->id_offsets.reserve(rows + 1);
      job->id_bytes.reserve(rows * 24);
    } else if (c.type == ColumnType::kString) {
      c.strings.reserve(rows);
    } else {
      c.ints.reserve(rows);
    }
  }
  return job;
}

using ValueParser = std::string_view (*)(std::string_view, int64_t&);

ValueParser ParserFor(ColumnType t) {
  switch (t) {
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

}  // namespace

Result<PrepareSummary> Prepare(const Policy& policy, const std::string& dataset, ByteView join_salt,
                               const PrepareOptions& options) {
  auto started = std::chrono::steady_clock::now();
  const DatasetSpec* spec = policy.FindDataset(dataset);
  if (spec == nullptr) {
    std::string names;
    for (const auto& [name, d] : policy.datasets()) names += (names.empty() ? "" : ", ") + name;
    return MakeError(ErrorCode::kUsage,
                     "the policy has no dataset '" + dataset + "' (it has: " + names + ")");
  }
  CR_ASSIGN_OR_RETURN(Fingerprinter fingerprinter, Fingerprinter::Create(join_salt, policy.room()));
  const std::vector<ColumnSpec> stored = StoredColumns(*spec);

  CR_ASSIGN_OR_RETURN(uint64_t records, CsvReader::CountRecords(options.input));
  CR_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(options.input));
  std::vector<CsvField> fields;
  CR_ASSIGN_OR_RETURN(bool has_header, reader->Next(fields));
  if (!has_header || records == 0) {
    return MakeError(ErrorCode::kBadInput, options.input +
                                               ": the file is empty; expected a header line "
                                               "naming the columns: " +
                                               JoinNames(spec->columns));
  }
  const size_t width = fields.size();
  CR_ASSIGN_OR_RETURN(std::vector<size_t> csv_index, MapHeader(*reader, fields, *spec, stored));

  PrepareSummary summary;
  summary.room = policy.room();
  summary.dataset = dataset;
  summary.out_dir = options.out_dir;
  summary.key_path = options.key_path.empty() ? options.out_dir + ".key" : options.key_path;
  for (const ColumnSpec& c : spec->columns) {
    (c.role == ColumnRole::kDrop ? summary.dropped_columns : summary.stored_columns)
        .push_back(c.name);
  }
  const uint64_t rows = records - 1;
  CR_ASSIGN_OR_RETURN(std::unique_ptr<BundleWriter> writer,
                      BundleWriter::Create(options.out_dir, summary.key_path, policy, dataset, rows,
                                           options.chunk_rows));
  summary.bundle_id = writer->bundle_id();
  unsigned threads = options.threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  ChunkPipeline pipeline(threads, fingerprinter, *writer);

  std::vector<ValueParser> parsers;
  std::vector<uint64_t> nulls(stored.size(), 0);
  uint64_t rejected[3] = {0, 0, 0};
  for (const ColumnSpec& c : stored) parsers.push_back(ParserFor(c.type));
  std::string normalized;
  uint64_t row = 0;
  for (size_t chunk = 0; chunk < writer->chunk_count(); ++chunk) {
    const uint64_t chunk_rows = writer->rows_in_chunk(chunk);
    std::unique_ptr<ChunkJob> job = NewJob(chunk, stored, chunk_rows);
    for (uint64_t r = 0; r < chunk_rows; ++r, ++row) {
      CR_ASSIGN_OR_RETURN(bool more, reader->Next(fields));
      if (!more) {
        return MakeError(ErrorCode::kIo, options.input + " changed while it was read (" +
                                             std::to_string(rows) + " rows counted, " +
                                             std::to_string(row) + " read); run prepare again");
      }
      if (fields.size() != width) {
        return reader->RecordError(
            std::to_string(fields.size()) + (fields.size() == 1 ? " field" : " fields") +
            ", but the header has " + std::to_string(width) + " columns" +
            (fields.size() > width ? " (a value with a comma must be quoted)" : ""));
      }
      for (size_t k = 0; k < stored.size(); ++k) {
        const CsvField& f = fields[csv_index[k]];
        ColumnVector& col = job->columns[k];
        if (col.is_identifier) {
          std::string_view reason =
              NormalizeIdentifierInto(stored[k].normalize, f.value, normalized);
          if (reason.empty()) {
            job->id_bytes.append(normalized);
            col.valid.push_back(1);
          } else {
            ++rejected[reason == kRejectEmpty ? 0 : reason == kRejectNotEmail ? 1 : 2];
            col.valid.push_back(0);
          }
          job->id_offsets.push_back(static_cast<uint32_t>(job->id_bytes.size()));
        } else if (parsers[k] == nullptr) {  // string: unquoted empty is NULL, "" is ""
          bool null = f.value.empty() && !f.quoted;
          col.valid.push_back(null ? 0 : 1);
          col.strings.emplace_back(f.value);
          nulls[k] += null;
        } else if (IsBlank(f.value)) {
          col.valid.push_back(0);
          col.ints.push_back(0);
          ++nulls[k];
        } else {
          int64_t v = 0;
          std::string_view problem = parsers[k](f.value, v);
          if (!problem.empty()) {
            return reader->FieldError(fields, csv_index[k],
                                      QuoteForMessage(f.value) + " " + std::string(problem));
          }
          col.valid.push_back(1);
          col.ints.push_back(v);
        }
      }
    }
    CR_RETURN_IF_ERROR(pipeline.Submit(std::move(job)));
    if (options.progress) {
      options.progress(PrepareProgress{row, rows, reader->bytes_consumed(), reader->file_size()});
    }
  }
  CR_ASSIGN_OR_RETURN(bool extra, reader->Next(fields));
  if (extra) {
    return MakeError(ErrorCode::kIo, options.input + " changed while it was read (" +
                                         std::to_string(rows) +
                                         " rows counted, more found); run prepare again");
  }
  WipeString(normalized);
  CR_RETURN_IF_ERROR(pipeline.Finish());
  CR_RETURN_IF_ERROR(writer->Finish());

  summary.rows = rows;
  summary.chunks = writer->chunk_count();
  // The reasons this dataset's normaliser can give, each with its count (zeros included).
  summary.rejected[std::string(kRejectEmpty)] = rejected[0];
  Normalizer normalizer = spec->identifier().normalize;
  if (normalizer == Normalizer::kEmail || rejected[1] > 0) {
    summary.rejected[std::string(kRejectNotEmail)] = rejected[1];
  }
  if (normalizer == Normalizer::kPhone || rejected[2] > 0) {
    summary.rejected[std::string(kRejectNotPhone)] = rejected[2];
  }
  summary.fingerprinted = rows - rejected[0] - rejected[1] - rejected[2];
  for (size_t k = 0; k < stored.size(); ++k) {
    if (stored[k].role != ColumnRole::kIdentifier) summary.nulls[stored[k].name] = nulls[k];
  }
  summary.bytes_in = reader->file_size();
  summary.bytes_out = writer->bytes_written();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace cleanroom

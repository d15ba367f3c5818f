#include "ingest/prepare.h"

#include <chrono>
#include <thread>

#include "ingest/chunk_builder.h"
#include "ingest/chunk_pipeline.h"
#include "ingest/csv_layout.h"
#include "ingest/csv_reader.h"
#include "ingest/fingerprint.h"
#include "ingest/normalize.h"
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
      // A quoted name may hold a line break: the message shows it on one line.
      return reader.FieldError(header, i,
                               "column '" + OneLineText(name) + "' is not in dataset '" +
                                   spec.name +
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

  // One quick pass: the row count (the AAD of every chunk binds the chunk count) and where
  // each chunk's records start, so that workers can parse chunks in parallel.
  CR_ASSIGN_OR_RETURN(CsvLayout layout, ScanCsvLayout(options.input, 1, options.chunk_rows));
  CR_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::Open(options.input));
  std::vector<CsvField> fields;
  CR_ASSIGN_OR_RETURN(bool has_header, reader->Next(fields));
  if (!has_header || layout.records == 0) {
    return MakeError(ErrorCode::kBadInput, options.input +
                                               ": the file is empty; expected a header line "
                                               "naming the columns: " +
                                               JoinNames(spec->columns));
  }
  const size_t width = fields.size();
  CR_ASSIGN_OR_RETURN(std::vector<size_t> csv_index, MapHeader(*reader, fields, *spec, stored));
  std::vector<std::string> column_names = reader->column_names();

  PrepareSummary summary;
  summary.room = policy.room();
  summary.dataset = dataset;
  summary.out_dir = options.out_dir;
  summary.key_path = options.key_path.empty() ? options.out_dir + ".key" : options.key_path;
  for (const ColumnSpec& c : spec->columns) {
    (c.role == ColumnRole::kDrop ? summary.dropped_columns : summary.stored_columns)
        .push_back(c.name);
  }
  const uint64_t rows = layout.records - 1;
  CR_ASSIGN_OR_RETURN(std::unique_ptr<BundleWriter> writer,
                      BundleWriter::Create(options.out_dir, summary.key_path, policy, dataset, rows,
                                           options.chunk_rows));
  summary.bundle_id = writer->bundle_id();
  if (layout.slices.size() != writer->chunk_count()) {
    return MakeError(ErrorCode::kInternal,
                     "the CSV layout has " + std::to_string(layout.slices.size()) + " slices for " +
                         std::to_string(writer->chunk_count()) + " chunks");
  }
  unsigned threads = options.threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());

  // Per worker: its own reader (file descriptor and buffer), chunk buffers and counts.
  struct Worker {
    std::unique_ptr<CsvReader> reader;
    ChunkJob job;
    ChunkCounts counts;
  };
  std::vector<Worker> workers(threads);
  for (Worker& w : workers) {
    CR_ASSIGN_OR_RETURN(w.reader, CsvReader::Open(options.input));
    w.reader->SetColumnNames(column_names);
  }
  const ChunkBuilder builder(stored, csv_index, width);
  auto work = [&](unsigned worker, size_t chunk) -> Status {
    Worker& w = workers[worker];
    const CsvSlice& slice = layout.slices[chunk];
    CR_RETURN_IF_ERROR(w.reader->LoadSlice(slice));
    Status built = builder.Build(*w.reader, writer->rows_in_chunk(chunk), w.job, w.counts);
    w.reader->WipeBuffer();
    CR_RETURN_IF_ERROR(built);
    FingerprintIdentifiers(fingerprinter, w.job);
    return writer->WriteChunk(chunk, w.job.columns);
  };
  ChunkPipeline pipeline(threads, work);
  for (size_t chunk = 0; chunk < writer->chunk_count(); ++chunk) {
    CR_RETURN_IF_ERROR(pipeline.Submit(chunk));
    if (options.progress) {
      size_t done = pipeline.done();
      uint64_t done_rows = std::min<uint64_t>(rows, done * options.chunk_rows);
      uint64_t done_bytes = done == 0                     ? 0
                            : done < layout.slices.size() ? layout.slices[done].offset
                                                          : layout.file_size;
      options.progress(PrepareProgress{done_rows, rows, done_bytes, layout.file_size});
    }
  }
  CR_RETURN_IF_ERROR(pipeline.Finish());
  CR_RETURN_IF_ERROR(writer->Finish());

  uint64_t rejected[3] = {0, 0, 0};
  std::vector<uint64_t> nulls(stored.size(), 0);
  for (const Worker& w : workers) {
    for (size_t i = 0; i < 3; ++i) rejected[i] += w.counts.rejected[i];
    for (size_t k = 0; k < w.counts.nulls.size(); ++k) nulls[k] += w.counts.nulls[k];
  }
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
  summary.bytes_in = layout.file_size;
  summary.bytes_out = writer->bytes_written();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace cleanroom

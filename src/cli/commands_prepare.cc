// `cleanroom prepare`: a party's CSV -> an encrypted, fingerprinted bundle and its key file,
// on the party's own machine (ingest/prepare.h). Prints a summary on stdout; shows progress
// on stderr when stderr is a terminal. `cleanroom bundle verify`: the party's check that a
// bundle (e.g. as the host stores it) is intact, with its key.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "common/file_io.h"
#include "crypto/secret_bytes.h"
#include "ingest/fingerprint.h"
#include "ingest/prepare.h"
#include "policy/policy.h"
#include "storage/bundle_reader.h"

namespace cleanroom::cli {
namespace {

struct PrepareArgs {
  std::string policy;
  std::string dataset;
  std::string input;
  std::string salt;
  std::string out;
  std::string key;
  uint64_t chunk_rows = kDefaultChunkRows;
  unsigned threads = 0;
};

// 1234567 -> "1,234,567"
std::string Grouped(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

void PrintSummary(const PrepareSummary& s, uint64_t chunk_rows) {
  std::ostringstream o;
  o << "prepared dataset " << s.dataset << " of room " << s.room << " into " << s.out_dir << "\n";
  o << "  rows         " << Grouped(s.rows) << " in " << s.chunks
    << (s.chunks == 1 ? " chunk" : " chunks") << " of up to " << Grouped(chunk_rows) << " rows\n";
  o << "  identifiers  " << Grouped(s.fingerprinted) << " fingerprinted; rejected (no fingerprint, "
    << "match nothing):";
  bool first = true;
  for (const auto& [reason, n] : s.rejected) {
    o << (first ? " " : ", ") << Grouped(n) << " " << reason;
    first = false;
  }
  o << "\n  columns      ";
  for (size_t i = 0; i < s.stored_columns.size(); ++i) {
    o << (i ? ", " : "") << s.stored_columns[i];
  }
  o << "; dropped (not written): ";
  for (size_t i = 0; i < s.dropped_columns.size(); ++i) {
    o << (i ? ", " : "") << s.dropped_columns[i];
  }
  if (s.dropped_columns.empty()) o << "none";
  o << "\n  nulls        ";
  first = true;
  for (const auto& [column, n] : s.nulls) {
    o << (first ? "" : ", ") << column << " " << Grouped(n);
    first = false;
  }
  if (s.nulls.empty()) o << "none";
  o << "\n  bytes        " << Grouped(s.bytes_in) << " in, " << Grouped(s.bytes_out) << " out\n";
  char time[64];
  std::snprintf(
      time, sizeof time, "%.2f s (%s rows/s)", s.seconds,
      Grouped(s.seconds > 0 ? static_cast<uint64_t>(s.rows / s.seconds) : s.rows).c_str());
  o << "  time         " << time << "\n";
  o << "  key          " << s.key_path
    << " (mode 0600): keep it; release it only to an attested enclave\n";
  std::cout << o.str();
}

// A progress line on stderr, redrawn at most four times a second.
class ProgressLine {
 public:
  void Update(const PrepareProgress& p) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    unsigned percent = p.total_rows ? static_cast<unsigned>(100 * p.rows / p.total_rows) : 100;
    std::fprintf(stderr, "\rprepare: %s of %s rows (%u%%)\033[K", Grouped(p.rows).c_str(),
                 Grouped(p.total_rows).c_str(), percent);
    std::fflush(stderr);
    shown_ = true;
  }
  ~ProgressLine() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  std::chrono::steady_clock::time_point last_{};
  bool shown_ = false;
};

Status RunPrepare(const PrepareArgs& a) {
  CR_ASSIGN_OR_RETURN(Policy policy, Policy::Load(a.policy));
  Result<Bytes> salt_bytes = ReadBinaryFile(a.salt);
  if (!salt_bytes.ok()) return std::move(salt_bytes).error();
  SecretBytes salt = SecretBytes::CopyOf(*salt_bytes);
  WipeBytes(*salt_bytes);
  if (salt.size() != kJoinSaltSize) {
    return MakeError(ErrorCode::kBadInput,
                     a.salt + ": a join salt is " + std::to_string(kJoinSaltSize) +
                         " bytes, this file has " + std::to_string(salt.size()) +
                         "; use the room's salt from 'cleanroom salt --out room.salt'");
  }
  PrepareOptions o;
  o.input = a.input;
  o.out_dir = a.out;
  o.key_path = a.key;
  o.chunk_rows = a.chunk_rows;
  o.threads = a.threads;
  ProgressLine progress;
  if (::isatty(STDERR_FILENO)) {
    o.progress = [&progress](const PrepareProgress& p) { progress.Update(p); };
  }
  Result<PrepareSummary> summary = Prepare(policy, a.dataset, salt.view(), o);
  if (!summary.ok()) return std::move(summary).error();
  PrintSummary(*summary, a.chunk_rows);
  return Ok();
}

struct VerifyArgs {
  std::string policy;
  std::string bundle;
  std::string key;
};

// Opens the bundle with its key, checks every file's hash, and decrypts every chunk.
Status RunBundleVerify(const VerifyArgs& a) {
  CR_ASSIGN_OR_RETURN(Policy policy, Policy::Load(a.policy));
  std::string key = a.key.empty() ? a.bundle + ".key" : a.key;
  CR_ASSIGN_OR_RETURN(std::unique_ptr<BundleReader> reader,
                      BundleReader::Open(a.bundle, key, policy));
  CR_RETURN_IF_ERROR(reader->VerifyFiles());
  std::vector<std::string> columns;
  for (const ColumnSpec& c : reader->spec().columns) columns.push_back(c.name);
  for (size_t i = 0; i < reader->chunk_count(); ++i) {
    CR_ASSIGN_OR_RETURN(std::vector<ColumnVector> chunk, reader->ReadChunk(i, columns));
  }
  const BundleManifest& m = reader->manifest();
  std::cout << "bundle " << a.bundle << ": dataset " << m.dataset << " of room " << m.room << ", "
            << Grouped(m.row_count) << " rows in " << m.chunks.size()
            << (m.chunks.size() == 1 ? " chunk" : " chunks") << ", every chunk authentic\n";
  return Ok();
}

}  // namespace

void AddPrepareCommand(CLI::App& app, CommandTable& table) {
  auto args = std::make_shared<PrepareArgs>();
  CLI::App* sub = app.add_subcommand(
      "prepare", "Turn your CSV into an encrypted, fingerprinted bundle (on your own machine)");
  sub->add_option("--policy", args->policy, "The room's policy (JSON)")->required();
  sub->add_option("--dataset", args->dataset, "Which dataset of the policy the CSV holds")
      ->required();
  sub->add_option("--input", args->input, "The CSV file (header line naming the columns)")
      ->required();
  sub->add_option("--salt", args->salt, "The room's join salt (from 'cleanroom salt')")->required();
  sub->add_option("--out", args->out, "Bundle directory to create (must not exist)")->required();
  sub->add_option("--key", args->key, "Key file to write (default: BUNDLE.key)");
  sub->add_option("--chunk-rows", args->chunk_rows, "Rows per chunk")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 24));
  sub->add_option("--threads", args->threads, "Worker threads (default: one per core)")
      ->check(CLI::Range(0u, 64u));
  table.Add(sub, [args] { return RunPrepare(*args); });

  auto verify_args = std::make_shared<VerifyArgs>();
  CLI::App* bundle = app.add_subcommand("bundle", "Check a prepared bundle");
  bundle->require_subcommand(1);
  CLI::App* verify = bundle->add_subcommand(
      "verify", "Authenticate and decrypt every chunk of a bundle with its key (exit 5 if not)");
  verify->add_option("--policy", verify_args->policy, "The room's policy (JSON)")->required();
  verify->add_option("--bundle", verify_args->bundle, "The bundle directory")->required();
  verify->add_option("--key", verify_args->key, "Its key file (default: BUNDLE.key)");
  table.Add(verify, [verify_args] { return RunBundleVerify(*verify_args); });
}

}  // namespace cleanroom::cli

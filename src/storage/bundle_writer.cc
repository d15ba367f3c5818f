#include "storage/bundle_writer.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/file_io.h"
#include "crypto/blake2b.h"
#include "storage/chunk_crypto.h"
#include "storage/column_codec.h"

namespace cleanroom {
namespace {

Error IoError(const std::string& path, const std::string& what) {
  return MakeError(ErrorCode::kIo, path + ": " + what + ": " + std::strerror(errno));
}

bool PathExists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

Status WriteWholeFile(const std::string& path, ByteView data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(path, "cannot create");
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      ::close(fd);
      errno = saved;
      return IoError(path, "cannot write");
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return IoError(path, "cannot write");
  return Ok();
}

}  // namespace

Result<std::unique_ptr<BundleWriter>> BundleWriter::Create(
    const std::string& out_dir, const std::string& key_path, const Policy& policy,
    const std::string& dataset, uint64_t row_count, uint64_t chunk_rows) {
  const DatasetSpec* spec = policy.FindDataset(dataset);
  if (spec == nullptr) {
    return MakeError(ErrorCode::kInternal, "no dataset '" + dataset + "' in the policy");
  }
  if (chunk_rows == 0 || chunk_rows > (uint64_t{1} << 24)) {
    return MakeError(ErrorCode::kInternal, "chunk_rows must be between 1 and 16777216");
  }
  std::string out = out_dir;
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (PathExists(out)) {
    return MakeError(ErrorCode::kIo, out + " already exists; remove it or choose another --out");
  }
  if (PathExists(key_path)) {
    return MakeError(ErrorCode::kIo,
                     key_path + " already exists; remove it or choose another --out");
  }
  std::unique_ptr<BundleWriter> w(new BundleWriter());
  w->out_dir_ = out;
  w->key_path_ = key_path;
  std::string tmpl = out + ".tmp-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) return IoError(tmpl, "cannot make a directory");
  w->tmp_dir_ = tmpl;
  if (::mkdir((w->tmp_dir_ + "/chunks").c_str(), 0755) != 0) {
    return IoError(w->tmp_dir_ + "/chunks", "cannot make a directory");
  }

  w->key_ = BundleKey::Generate(policy.room(), dataset);
  w->subkeys_ = DeriveBundleSubkeys(w->key_);
  BundleManifest& m = w->manifest_;
  m.bundle_id = w->key_.bundle_id;
  m.room = policy.room();
  m.dataset = dataset;
  m.policy_sha256 = policy.hash_text();
  m.columns = StoredColumns(*spec);
  m.row_count = row_count;
  m.chunk_rows = chunk_rows;
  size_t chunks = static_cast<size_t>((row_count + chunk_rows - 1) / chunk_rows);
  m.chunks.resize(chunks);
  for (size_t i = 0; i < chunks; ++i) {
    m.chunks[i].rows = std::min<uint64_t>(chunk_rows, row_count - i * chunk_rows);
    m.chunks[i].files.resize(m.columns.size());
  }
  w->written_.assign(chunks, 0);
  return w;
}

BundleWriter::~BundleWriter() {
  if (!finished_ && !tmp_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(tmp_dir_, ec);
  }
}

Status BundleWriter::WriteChunk(size_t index, const std::vector<ColumnVector>& columns) {
  if (index >= manifest_.chunks.size()) {
    return MakeError(ErrorCode::kInternal,
                     "chunk " + std::to_string(index) + " is past the declared row count");
  }
  ChunkInfo& info = manifest_.chunks[index];
  if (columns.size() != manifest_.columns.size()) {
    return MakeError(ErrorCode::kInternal,
                     "chunk " + std::to_string(index) + " has " + std::to_string(columns.size()) +
                         " columns, expected " + std::to_string(manifest_.columns.size()));
  }
  Bytes encoded;
  for (size_t c = 0; c < columns.size(); ++c) {
    const ColumnSpec& spec = manifest_.columns[c];
    const ColumnVector& col = columns[c];
    bool is_id = spec.role == ColumnRole::kIdentifier;
    size_t n = col.valid.size();
    size_t values = is_id                              ? col.fingerprints.size()
                    : spec.type == ColumnType::kString ? col.strings.size()
                                                       : col.ints.size();
    if (col.is_identifier != is_id || col.type != spec.type || n != info.rows || values != n) {
      return MakeError(ErrorCode::kInternal, "chunk " + std::to_string(index) + " column '" +
                                                 spec.name + "' does not have the declared shape");
    }
    encoded.clear();
    EncodeColumn(col, encoded);
    ChunkAddress at{manifest_.bundle_id,      manifest_.room, manifest_.dataset,      spec.name,
                    static_cast<uint32_t>(c), index,          manifest_.chunks.size()};
    Result<Bytes> sealed = SealColumnChunk(subkeys_, at, encoded);
    WipeBytes(encoded);
    if (!sealed.ok()) return std::move(sealed).error();
    info.files[c].bytes = sealed->size();
    info.files[c].blake2b = Blake2b256(*sealed);
    CR_RETURN_IF_ERROR(
        WriteWholeFile(tmp_dir_ + "/" + BundleManifest::ChunkFileName(index, c), *sealed));
    bytes_written_ += sealed->size();
  }
  written_[index] = 1;
  return Ok();
}

Status BundleWriter::Finish() {
  for (size_t i = 0; i < written_.size(); ++i) {
    if (!written_[i]) {
      return MakeError(ErrorCode::kInternal, "chunk " + std::to_string(i) + " was not written");
    }
  }
  manifest_.ciphertext_blake2b = manifest_.ComputeCiphertextHash();
  manifest_.Seal(subkeys_);
  std::string text = manifest_.ToText();
  CR_RETURN_IF_ERROR(WriteWholeFile(tmp_dir_ + "/manifest.json", AsBytes(text)));
  bytes_written_ += text.size();
  CR_RETURN_IF_ERROR(SaveBundleKey(key_path_, key_));
  if (::rename(tmp_dir_.c_str(), out_dir_.c_str()) != 0) {
    Error e = IoError(out_dir_, "cannot rename " + tmp_dir_ + " into place");
    ::unlink(key_path_.c_str());
    return e;
  }
  finished_ = true;
  return Ok();
}

}  // namespace cleanroom

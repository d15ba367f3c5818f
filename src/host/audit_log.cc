#include "host/audit_log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>

#include "common/canonical_json.h"
#include "common/json_util.h"

namespace cleanroom {
namespace {

Error IoError(const std::string& what, const std::string& path) {
  return MakeError(ErrorCode::kIo, what + " " + path + ": " + std::strerror(errno));
}

// Walks the log entry by entry and keeps what the next entry must agree with: the previous
// hash, the line number, and the enclave epoch (attested key, next enclave_seq).
class ChainChecker {
 public:
  explicit ChainChecker(std::string name) : name_(std::move(name)) {}

  uint64_t next_line() const { return summary_.entries + 1; }
  const std::string& name() const { return name_; }
  const AuditSummary& summary() const { return summary_; }

  Error Fail(uint64_t line, const std::string& what) const {
    return MakeError(ErrorCode::kIntegrity, name_ + ":" + std::to_string(line) + ": " + what);
  }

  // Checks `e` as the entry on the next line; on success it becomes the head.
  Status Check(const AuditEntry& e) {
    const uint64_t n = next_line();
    if (e.prev != summary_.head) {
      if (n == 1) return Fail(n, "prev is not the genesis value (the log's start was dropped?)");
      return Fail(n,
                  "prev does not match line " + std::to_string(n - 1) + " (dropped or reordered?)");
    }
    CR_RETURN_IF_ERROR(CheckEnclave(e, n));
    CR_ASSIGN_OR_RETURN(std::string hash, AuditEntryHash(e));
    if (hash != e.hash) return Fail(n, "hash does not match the entry (edited?)");
    if (e.seq != n) {
      return Fail(n, "seq is " + std::to_string(e.seq) + ", expected " + std::to_string(n) +
                         " (renumbered?)");
    }
    if (summary_.entries == 0) summary_.first_time = e.time;
    summary_.last_time = e.time;
    summary_.head = e.hash;
    ++summary_.entries;
    if (e.signature) ++summary_.enclave_signed;
    return Ok();
  }

 private:
  // An "attest" entry starts an epoch: the attestation it names vouches for an enclave key.
  // A signed entry must be the enclave's, name an epoch recorded before it, verify under that
  // epoch's key and carry that epoch's next enclave_seq. Epochs of enclaves that ran at the
  // same time interleave; each is checked on its own.
  struct Epoch {
    Ed25519PublicKey key;
    uint64_t line;
    uint64_t next_enclave_seq = 1;
  };

  Status CheckEnclave(const AuditEntry& e, uint64_t n) {
    if (e.action == kAuditActionAttest) CR_RETURN_IF_ERROR(StartEpoch(e, n));
    if (!e.signature) {
      if (e.actor == kAuditActorEnclave)
        return Fail(n, "actor is enclave but there is no signature");
      if (e.enclave_seq) return Fail(n, "enclave_seq on an entry the enclave did not sign");
      if (e.attestation_sha256) {
        return Fail(n, "attestation_sha256 on an entry the enclave did not sign");
      }
      return Ok();
    }
    if (e.actor != kAuditActorEnclave) {
      return Fail(n, "signed entry has actor '" + e.actor + "', expected 'enclave'");
    }
    if (!e.attestation_sha256) return Fail(n, "signed entry names no attestation_sha256");
    auto it = epochs_.find(*e.attestation_sha256);
    if (it == epochs_.end()) {
      return Fail(n, "signed by the enclave of attestation " + *e.attestation_sha256 +
                         ", which no earlier attest entry records");
    }
    Epoch& epoch = it->second;
    const std::string where = "the key attested at line " + std::to_string(epoch.line);
    if (!VerifyAuditSignature(e, epoch.key)) {
      return Fail(n, "enclave signature does not verify under " + where + " (edited or forged?)");
    }
    if (!e.enclave_seq || *e.enclave_seq != epoch.next_enclave_seq) {
      return Fail(n, "enclave_seq is " +
                         (e.enclave_seq ? std::to_string(*e.enclave_seq) : "missing") +
                         ", expected " + std::to_string(epoch.next_enclave_seq) +
                         " for the enclave attested at line " + std::to_string(epoch.line) +
                         " (an enclave entry was dropped, repeated or reordered)");
    }
    ++epoch.next_enclave_seq;
    return Ok();
  }

  Status StartEpoch(const AuditEntry& e, uint64_t n) {
    JsonReader rd("attest entry", ErrorCode::kIntegrity);
    if (!e.detail.is_object()) return Fail(n, "attest entry: detail: expected an object");
    auto key_text = rd.String(e.detail, "detail", "enclave_signing_key");
    if (!key_text.ok()) return Fail(n, key_text.error().message);
    auto attestation = rd.String(e.detail, "detail", "attestation_sha256");
    if (!attestation.ok()) return Fail(n, attestation.error().message);
    auto key = Ed25519PublicKey::FromText(*key_text);
    if (!key.ok()) return Fail(n, "attest entry: " + key.error().message);
    auto [it, fresh] = epochs_.try_emplace(*attestation, Epoch{*key, n});
    if (!fresh) {
      return Fail(n, "attestation " + *attestation + " is already recorded at line " +
                         std::to_string(it->second.line) + " (a replayed attest entry?)");
    }
    ++summary_.attestations;
    return Ok();
  }

  std::string name_;
  AuditSummary summary_;
  std::map<std::string, Epoch> epochs_;  // by attestation_sha256
};

// Checks the whole text of a log, line by line, into `checker`.
Status CheckText(const std::string& text, ChainChecker& checker) {
  size_t pos = 0;
  while (pos < text.size()) {
    const uint64_t n = checker.next_line();
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) {
      return checker.Fail(n, "the last line is incomplete (a torn write, or the log was cut)");
    }
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    if (line.empty()) return checker.Fail(n, "empty line (lines were removed or cut?)");
    auto parsed = ParseJson(line, checker.name(),
                            JsonParseOptions{.code = ErrorCode::kIntegrity, .first_line = n});
    if (!parsed.ok())
      return MakeError(ErrorCode::kIntegrity, parsed.error().message + " (cut or edited?)");
    const Json& j = *parsed;
    if (!j.is_object()) return checker.Fail(n, "not a JSON object (cut or edited?)");
    auto entry = AuditEntry::FromJson(j, "", /*chained=*/true);
    if (!entry.ok()) {
      // FromJson says ": field: what"; put the line in front.
      std::string what = entry.error().message;
      if (what.rfind(": ", 0) == 0) what = what.substr(2);
      return checker.Fail(n, what);
    }
    CR_RETURN_IF_ERROR(checker.Check(*entry));
  }
  return Ok();
}

// Reads everything from `fd` starting at offset 0.
Result<std::string> ReadAllFrom(int fd, const std::string& path) {
  std::string text;
  char buf[1 << 16];
  off_t off = 0;
  for (;;) {
    ssize_t n = pread(fd, buf, sizeof buf, off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot read", path);
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    off += n;
  }
  return text;
}

Status WriteAll(int fd, const std::string& data, const std::string& path) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot append to", path);
    }
    off += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) return IoError("cannot flush", path);
  return Ok();
}

// An open file descriptor holding an exclusive flock; both released on destruction.
class LockedFile {
 public:
  explicit LockedFile(int fd) : fd_(fd) {}
  ~LockedFile() {
    if (fd_ >= 0) close(fd_);  // closing releases the flock
  }
  LockedFile(const LockedFile&) = delete;
  LockedFile& operator=(const LockedFile&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace

Result<AuditLog> AuditLog::Open(const std::string& state_dir) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    return MakeError(ErrorCode::kIo,
                     "cannot create state directory " + state_dir + ": " + ec.message());
  }
  std::string path = (std::filesystem::path(state_dir) / kAuditLogFile).string();
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot open", path);
  close(fd);
  return AuditLog(path);
}

Result<std::string> AuditLog::Append(AuditEntry entry) {
  // A descriptor of our own for every append: flock belongs to the open file description, so
  // one shared across fork() would not exclude anyone.
  LockedFile file(open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (file.fd() < 0) return IoError("cannot open", path_);
  while (flock(file.fd(), LOCK_EX) != 0) {
    if (errno != EINTR) return IoError("cannot lock", path_);
  }
  CR_ASSIGN_OR_RETURN(std::string text, ReadAllFrom(file.fd(), path_));
  ChainChecker checker(BaseName(path_));
  Status existing = CheckText(text, checker);
  if (!existing.ok()) {
    return MakeError(ErrorCode::kIntegrity,
                     "refusing to append to a damaged audit log: " + existing.error().message +
                         "; run 'cleanroom audit verify'");
  }

  if (entry.time.empty()) entry.time = NowRfc3339();
  entry.seq = checker.next_line();
  entry.prev = checker.summary().head;
  CR_ASSIGN_OR_RETURN(entry.hash, AuditEntryHash(entry));
  // Round-trip through the parser so that what is written is exactly what verify will read.
  auto reparsed = AuditEntry::FromJson(entry.ToJson(), "new audit entry", /*chained=*/true);
  if (!reparsed.ok()) return std::move(reparsed).error();
  Status fits = checker.Check(*reparsed);
  if (!fits.ok()) {
    return MakeError(ErrorCode::kIntegrity,
                     "refusing to append an entry that would not verify: " + fits.error().message);
  }
  CR_ASSIGN_OR_RETURN(std::string line, CanonicalJson(entry.ToJson()));
  line += '\n';
  Status written = WriteAll(file.fd(), line, path_);
  if (!written.ok()) {
    // Remove whatever part of the line reached the file, so the log stays verifiable.
    if (ftruncate(file.fd(), static_cast<off_t>(text.size())) == 0) fsync(file.fd());
    return std::move(written).error();
  }
  return entry.hash;
}

Result<std::string> AuditLog::AppendSigned(const Json& signed_body) {
  CR_ASSIGN_OR_RETURN(AuditEntry entry,
                      AuditEntry::FromJson(signed_body, "enclave audit entry", /*chained=*/false));
  if (!entry.signature) {
    return MakeError(ErrorCode::kIntegrity, "enclave audit entry: signature: missing");
  }
  return Append(std::move(entry));
}

Result<AuditSummary> VerifyAuditLog(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return MakeError(ErrorCode::kIo, "no audit log at " + path);
    return IoError("cannot open", path);
  }
  LockedFile file(fd);
  // A shared lock: read a state no append is halfway through.
  while (flock(file.fd(), LOCK_SH) != 0) {
    if (errno != EINTR) return IoError("cannot lock", path);
  }
  CR_ASSIGN_OR_RETURN(std::string text, ReadAllFrom(file.fd(), path));
  ChainChecker checker(BaseName(path));
  CR_RETURN_IF_ERROR(CheckText(text, checker));
  return checker.summary();
}

}  // namespace cleanroom

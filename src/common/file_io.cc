#include "common/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include <fstream>
#include <random>

namespace cleanroom {
namespace {

Error IoError(const std::string& what, const std::string& path) {
  return MakeError(ErrorCode::kIo, what + " " + path + ": " + std::strerror(errno));
}

std::string TempNameFor(const std::string& path) {
  std::random_device rd;
  return path + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(rd());
}

}  // namespace

Result<Bytes> ReadBinaryFile(const std::string& path, size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return IoError("cannot open", path);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    Error e = IoError("cannot stat", path);
    close(fd);
    return e;
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return MakeError(ErrorCode::kIo, "cannot read " + path + ": not a regular file");
  }
  auto too_large = [&] {
    return MakeError(ErrorCode::kIo, "cannot read " + path + ": larger than " +
                                         std::to_string(max_bytes) + " bytes");
  };
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    close(fd);
    return too_large();
  }
  Bytes out;
  out.reserve(static_cast<size_t>(st.st_size));
  uint8_t buf[1 << 16];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = IoError("cannot read", path);
      close(fd);
      return e;
    }
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > max_bytes) {  // it grew while being read
      close(fd);
      return too_large();
    }
    out.insert(out.end(), buf, buf + n);
  }
  close(fd);
  return out;
}

Result<std::string> ReadTextFile(const std::string& path, size_t max_bytes) {
  CR_ASSIGN_OR_RETURN(Bytes data, ReadBinaryFile(path, max_bytes));
  return std::string(data.begin(), data.end());
}

Status WriteFileAtomic(const std::string& path, ByteView data, mode_t mode, bool exclusive) {
  if (exclusive && FileExists(path)) {
    return MakeError(ErrorCode::kIo, "refusing to overwrite existing file " + path);
  }
  std::string tmp = TempNameFor(path);
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return IoError("cannot create", tmp);
  // The umask may have narrowed the mode; set it exactly.
  if (fchmod(fd, mode) != 0) {
    Error e = IoError("cannot set mode of", tmp);
    close(fd);
    unlink(tmp.c_str());
    return e;
  }
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = IoError("cannot write", tmp);
      close(fd);
      unlink(tmp.c_str());
      return e;
    }
    off += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    Error e = IoError("cannot flush", tmp);
    unlink(tmp.c_str());
    return e;
  }
  if (exclusive) {
    // link() fails if the target appeared meanwhile; rename() would overwrite it.
    if (link(tmp.c_str(), path.c_str()) != 0) {
      Error e = IoError("cannot create", path);
      unlink(tmp.c_str());
      return e;
    }
    unlink(tmp.c_str());
    return Ok();
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    Error e = IoError("cannot rename into", path);
    unlink(tmp.c_str());
    return e;
  }
  return Ok();
}

bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

}  // namespace cleanroom

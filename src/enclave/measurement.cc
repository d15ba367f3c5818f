#include "enclave/measurement.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "crypto/sha256.h"

namespace cleanroom {

Result<std::string> MeasureBinary(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(ErrorCode::kIo, "cannot open enclave binary " + path + ": " +
                                         std::strerror(errno) +
                                         " (build it, or set CLEANROOM_ENCLAVE)");
  }
  Sha256Hasher h;
  uint8_t buf[1 << 16];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      close(fd);
      return MakeError(ErrorCode::kIo, "cannot read enclave binary " + path);
    }
    if (n == 0) break;
    h.Update(ByteView(buf, static_cast<size_t>(n)));
  }
  close(fd);
  return Sha256Tagged(h.Finish());
}

std::string DefaultEnclavePath() {
  if (const char* env = std::getenv("CLEANROOM_ENCLAVE"); env != nullptr && *env != '\0') {
    return env;
  }
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "cleanroom-enclave";
  std::string self(buf, static_cast<size_t>(n));
  size_t slash = self.rfind('/');
  return (slash == std::string::npos ? std::string(".") : self.substr(0, slash)) +
         "/cleanroom-enclave";
}

}  // namespace cleanroom

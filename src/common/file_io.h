// Whole-file reads and atomic writes. A write goes to a temporary name in the same
// folder and is renamed into place, so a reader never sees half a file and a failure
// leaves nothing behind.
#pragma once

#include <sys/types.h>
#include <string>

#include "common/bytes.h"
#include "common/error.h"

namespace cleanroom {

// The most a whole-file read takes unless told otherwise (1 GiB).
inline constexpr size_t kMaxFileReadBytes = size_t{1} << 30;

// Reads a regular file (a symlink to one is followed) of at most `max_bytes`. kIo naming the
// path when it is missing or unreadable, is not a regular file (a FIFO, a device such as
// /dev/zero, a directory: refused without blocking and without reading), or is larger.
Result<std::string> ReadTextFile(const std::string& path, size_t max_bytes = kMaxFileReadBytes);
Result<Bytes> ReadBinaryFile(const std::string& path, size_t max_bytes = kMaxFileReadBytes);

// Writes `data` to `path` atomically with permission bits `mode` (e.g. 0600 for secrets).
// With `exclusive`, fails (kIo) if `path` already exists.
Status WriteFileAtomic(const std::string& path, ByteView data, mode_t mode = 0644,
                       bool exclusive = false);
inline Status WriteFileAtomic(const std::string& path, std::string_view text, mode_t mode = 0644,
                              bool exclusive = false) {
  return WriteFileAtomic(path, AsBytes(text), mode, exclusive);
}

bool FileExists(const std::string& path);

}  // namespace cleanroom

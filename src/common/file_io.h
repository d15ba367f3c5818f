// Whole-file reads and atomic writes. A write goes to a temporary name in the same
// folder and is renamed into place, so a reader never sees half a file and a failure
// leaves nothing behind.
#pragma once

#include <sys/types.h>
#include <string>

#include "common/bytes.h"
#include "common/error.h"

namespace cleanroom {

// kIo naming the path when the file is missing or unreadable.
Result<std::string> ReadTextFile(const std::string& path);
Result<Bytes> ReadBinaryFile(const std::string& path);

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

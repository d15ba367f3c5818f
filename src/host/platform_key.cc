#include "host/platform_key.h"

#include <filesystem>

#include "common/file_io.h"
#include "crypto/csprng.h"

namespace cleanroom {

Status EnsureStateDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return MakeError(ErrorCode::kIo, "cannot create state directory " + dir + ": " + ec.message());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  return Ok();
}

Result<SecretBytes> LoadOrCreatePlatformSeed(const std::string& state_dir) {
  CR_RETURN_IF_ERROR(EnsureStateDir(state_dir));
  std::string path = state_dir + "/platform.key";
  if (!FileExists(path)) {
    SecretBytes seed(32);
    RandomBytes(seed.mutable_view());
    Status written = WriteFileAtomic(path, seed.view(), 0600, /*exclusive=*/true);
    // Another process may have made it first; then read theirs.
    if (!written.ok() && !FileExists(path)) return std::move(written).error();
  }
  CR_ASSIGN_OR_RETURN(Bytes raw, ReadBinaryFile(path));
  if (raw.size() != 32) {
    WipeBytes(raw);
    return MakeError(ErrorCode::kIntegrity, path + " is not a 32-byte platform key");
  }
  SecretBytes seed = SecretBytes::CopyOf(raw);
  WipeBytes(raw);
  return seed;
}

}  // namespace cleanroom

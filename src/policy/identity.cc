#include "policy/identity.h"

#include <cstdio>
#include <sstream>

#include "common/base64.h"
#include "common/file_io.h"
#include "crypto/secret_bytes.h"

namespace cleanroom {
namespace {

constexpr std::string_view kHeader = "cleanroom-identity v1";

Error Malformed(const std::string& path, size_t line, const std::string& what) {
  return MakeError(ErrorCode::kBadInput,
                   path + ":" + std::to_string(line) + ": not a cleanroom identity file: " + what);
}

}  // namespace

bool IsValidPartyName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name[0] == '.' || name[0] == '-') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string PublicKeyPathFor(const std::string& id_path) {
  if (id_path.size() > 3 && id_path.compare(id_path.size() - 3, 3, ".id") == 0) {
    return id_path.substr(0, id_path.size() - 3) + ".pub";
  }
  return id_path + ".pub";
}

Result<Identity> CreateIdentityFiles(const std::string& name, const std::string& id_path) {
  if (!IsValidPartyName(name)) {
    return MakeError(
        ErrorCode::kUsage,
        "--name \"" + name + "\" is not a valid party name (1-64 of A-Z a-z 0-9 _ . -)");
  }
  std::string pub_path = PublicKeyPathFor(id_path);
  if (FileExists(id_path)) {
    return MakeError(ErrorCode::kIo, "refusing to overwrite existing identity " + id_path);
  }
  Identity id{name, Ed25519KeyPair::Generate()};
  std::string text = std::string(kHeader) + "\nname: " + name +
                     "\npublic_key: " + id.key.public_key().ToText() +
                     "\nsecret_seed: " + Base64Encode(id.key.seed().view()) + "\n";
  Status st = WriteFileAtomic(id_path, text, 0600, /*exclusive=*/true);
  WipeString(text);
  CR_RETURN_IF_ERROR(st);
  Status pub = WriteFileAtomic(pub_path, id.key.public_key().ToText() + "\n", 0644);
  if (!pub.ok()) {
    std::remove(id_path.c_str());
    return std::move(pub).error();
  }
  return id;
}

Result<Identity> LoadIdentity(const std::string& path) {
  CR_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  std::istringstream in(text);
  WipeString(text);
  std::string line, name, pub_text, seed_text;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (n == 1) {
      if (line != kHeader) {
        return Malformed(path, n, "expected the first line \"" + std::string(kHeader) + "\"");
      }
      continue;
    }
    if (line.empty()) continue;
    size_t colon = line.find(": ");
    if (colon == std::string::npos) {
      WipeString(line);
      return Malformed(path, n, "expected \"key: value\"");
    }
    std::string key = line.substr(0, colon);
    std::string value = line.substr(colon + 2);
    WipeString(line);
    if (key == "name") {
      name = value;
    } else if (key == "public_key") {
      pub_text = value;
    } else if (key == "secret_seed") {
      seed_text = value;
      WipeString(value);
    } else {
      return Malformed(path, n, "unknown field \"" + key + "\"");
    }
  }
  if (n == 0) return Malformed(path, 1, "the file is empty");
  if (name.empty()) return Malformed(path, n, "no \"name\" line");
  if (!IsValidPartyName(name)) return Malformed(path, n, "\"" + name + "\" is not a valid name");
  if (seed_text.empty()) return Malformed(path, n, "no \"secret_seed\" line");
  auto seed = Base64Decode(seed_text);
  WipeString(seed_text);
  if (!seed.ok() || seed->size() != 32) {
    if (seed.ok()) WipeBytes(*seed);
    return Malformed(path, n, "secret_seed is not 32 bytes of base64");
  }
  auto key = Ed25519KeyPair::FromSeed(*seed);
  WipeBytes(*seed);
  if (!key.ok()) return Malformed(path, n, key.error().message);
  if (!pub_text.empty() && pub_text != key->public_key().ToText()) {
    return Malformed(path, n, "public_key does not match secret_seed");
  }
  return Identity{name, std::move(key).value()};
}

}  // namespace cleanroom

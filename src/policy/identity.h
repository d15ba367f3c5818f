// Identity: a party's name and Ed25519 signing key, kept in NAME.id (secret, mode 0600)
// with the public half in NAME.pub. The file format is line-based text:
//   cleanroom-identity v1
//   name: shopgood
//   public_key: ed25519:<base64>
//   secret_seed: <base64 of the 32-byte RFC 8032 seed>
#pragma once

#include <string>

#include "common/error.h"
#include "crypto/ed25519.h"

namespace cleanroom {

struct Identity {
  std::string name;
  Ed25519KeyPair key;
};

// A party name: 1-64 of [A-Za-z0-9_.-], not starting with '.' or '-'.
bool IsValidPartyName(std::string_view name);

// Makes a new identity and writes NAME.id (0600, never overwriting) and the .pub beside it
// (`id_path` with ".id" replaced by ".pub", else `id_path` + ".pub").
Result<Identity> CreateIdentityFiles(const std::string& name, const std::string& id_path);
std::string PublicKeyPathFor(const std::string& id_path);

// kIo when unreadable; kBadInput "PATH:LINE: ..." when malformed or when the public key
// does not match the seed.
Result<Identity> LoadIdentity(const std::string& path);

}  // namespace cleanroom

#include "crypto/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

#include "common/hex.h"

namespace cleanroom {

struct Sha256Hasher::State {
  EVP_MD_CTX* ctx = nullptr;
};

Sha256Digest Sha256(ByteView data) {
  Sha256Digest out;
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1) {
    std::abort();
  }
  return out;
}

std::string Sha256Tagged(const Sha256Digest& digest) { return "sha256:" + HexEncode(digest); }

Sha256Hasher::Sha256Hasher() : state_(std::make_unique<State>()) {
  state_->ctx = EVP_MD_CTX_new();
  if (state_->ctx == nullptr || EVP_DigestInit_ex(state_->ctx, EVP_sha256(), nullptr) != 1) {
    std::abort();
  }
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(state_->ctx); }

void Sha256Hasher::Update(ByteView data) {
  if (EVP_DigestUpdate(state_->ctx, data.data(), data.size()) != 1) std::abort();
}

Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest out;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(state_->ctx, out.data(), &len) != 1) std::abort();
  return out;
}

}  // namespace cleanroom

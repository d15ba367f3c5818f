#include "crypto/aead.h"

#include <openssl/evp.h>

#include <memory>

namespace cleanroom {
namespace {

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

Status CheckSizes(const SecretBytes& key, ByteView nonce) {
  if (key.size() != kAes256KeySize) {
    return MakeError(ErrorCode::kInternal, "AES-256-GCM key must be 32 bytes");
  }
  if (nonce.size() != kGcmNonceSize) {
    return MakeError(ErrorCode::kInternal, "AES-256-GCM nonce must be 12 bytes");
  }
  return Ok();
}

int ToInt(size_t n) { return static_cast<int>(n); }

}  // namespace

Result<Bytes> Aes256GcmSeal(const SecretBytes& key, ByteView nonce, ByteView aad,
                            ByteView plaintext) {
  CR_RETURN_IF_ERROR(CheckSizes(key, nonce));
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  Bytes out(plaintext.size() + kGcmTagSize);
  int len = 0;
  bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(),
                                      nonce.data()) == 1;
  ok = ok && (aad.empty() ||
              EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), ToInt(aad.size())) == 1);
  ok = ok && EVP_EncryptUpdate(ctx.get(), out.data(), &len, plaintext.data(),
                               ToInt(plaintext.size())) == 1;
  int tail = 0;
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), out.data() + len, &tail) == 1;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kGcmTagSize,
                                 out.data() + plaintext.size()) == 1;
  if (!ok) return MakeError(ErrorCode::kInternal, "AES-256-GCM encryption failed");
  return out;
}

Result<Bytes> Aes256GcmOpen(const SecretBytes& key, ByteView nonce, ByteView aad,
                            ByteView ciphertext_and_tag) {
  CR_RETURN_IF_ERROR(CheckSizes(key, nonce));
  if (ciphertext_and_tag.size() < kGcmTagSize) {
    return MakeError(ErrorCode::kIntegrity, "ciphertext is shorter than its authentication tag");
  }
  size_t ct_size = ciphertext_and_tag.size() - kGcmTagSize;
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  Bytes out(ct_size);
  int len = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(),
                                      nonce.data()) == 1;
  ok = ok && (aad.empty() ||
              EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), ToInt(aad.size())) == 1);
  ok = ok && EVP_DecryptUpdate(ctx.get(), out.data(), &len, ciphertext_and_tag.data(),
                               ToInt(ct_size)) == 1;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kGcmTagSize,
                                 const_cast<uint8_t*>(ciphertext_and_tag.data() + ct_size)) == 1;
  if (!ok) return MakeError(ErrorCode::kInternal, "AES-256-GCM decryption failed");
  int tail = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), out.data() + len, &tail) != 1) {
    WipeBytes(out);
    return MakeError(ErrorCode::kIntegrity, "authentication tag does not verify");
  }
  return out;
}

}  // namespace cleanroom

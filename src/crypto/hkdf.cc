#include "crypto/hkdf.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

namespace cleanroom {

Result<SecretBytes> HkdfSha256(ByteView ikm, ByteView salt, ByteView info, size_t length) {
  if (length == 0 || length > 255 * 32) {
    return MakeError(ErrorCode::kInternal, "HKDF-SHA256 output length must be 1..8160 bytes");
  }
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  if (kdf == nullptr) return MakeError(ErrorCode::kInternal, "OpenSSL has no HKDF");
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  EVP_KDF_free(kdf);
  if (ctx == nullptr) return MakeError(ErrorCode::kInternal, "cannot create HKDF context");

  char digest[] = "SHA256";
  // OpenSSL takes non-const pointers but does not modify the inputs.
  auto* ikm_p = const_cast<uint8_t*>(ikm.data());
  auto* salt_p = const_cast<uint8_t*>(salt.data());
  auto* info_p = const_cast<uint8_t*>(info.data());
  OSSL_PARAM params[5];
  size_t n = 0;
  params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
  params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm_p, ikm.size());
  if (!salt.empty()) {
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt_p, salt.size());
  }
  params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info_p, info.size());
  params[n++] = OSSL_PARAM_construct_end();

  SecretBytes out(length);
  int rc = EVP_KDF_derive(ctx, out.data(), out.size(), params);
  EVP_KDF_CTX_free(ctx);
  if (rc != 1) return MakeError(ErrorCode::kInternal, "HKDF-SHA256 derivation failed");
  return out;
}

}  // namespace cleanroom

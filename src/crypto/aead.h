// AES-256-GCM with associated data (NIST SP 800-38D) through OpenSSL. Seal returns
// ciphertext followed by the 16-byte tag; Open checks the tag before returning anything.
// Callers never reuse a (key, nonce) pair: bundle chunks use a fresh key per bundle and
// the chunk index in the nonce.
#pragma once

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/secret_bytes.h"

namespace cleanroom {

inline constexpr size_t kAes256KeySize = 32;
inline constexpr size_t kGcmNonceSize = 12;
inline constexpr size_t kGcmTagSize = 16;

// kInternal on a wrong key or nonce size.
Result<Bytes> Aes256GcmSeal(const SecretBytes& key, ByteView nonce, ByteView aad,
                            ByteView plaintext);
// kIntegrity when the tag does not verify (wrong key, wrong AAD, altered bytes).
Result<Bytes> Aes256GcmOpen(const SecretBytes& key, ByteView nonce, ByteView aad,
                            ByteView ciphertext_and_tag);

}  // namespace cleanroom

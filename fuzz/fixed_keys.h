// Keys the fuzz targets and their seed maker (make_seeds.cc) share, fixed so that seeds made
// once stay valid: the data key of the manifest seeds, the PSI party's ECDH exponents, and
// the path of its committed Paillier key. None protects anything.
#pragma once

#include <string>

#include "common/bytes.h"
#include "crypto/secret_bytes.h"
#include "storage/bundle_key.h"

namespace cleanroom::fuzz {

// The key of bundle 00112233445566778899aabbccddeeff of dataset purchases in room fall25.
inline BundleKey FixedBundleKey() {
  BundleKey k;
  k.room = "fall25";
  k.dataset = "purchases";
  k.bundle_id = "00112233445566778899aabbccddeeff";
  k.data_key = SecretBytes(kDataKeySize);
  for (size_t i = 0; i < kDataKeySize; ++i) k.data_key.data()[i] = static_cast<uint8_t>(i);
  return k;
}

// An ECDH exponent that is a canonical, non-zero ristretto255 scalar (and fine for x25519).
inline SecretBytes FixedEcdhKey() {
  SecretBytes k(32);
  for (size_t i = 0; i < 32; ++i) k.data()[i] = static_cast<uint8_t>(i < 31 ? 7 * i + 1 : 0);
  return k;
}

// PaillierPrivateKey::Serialize of a 2048-bit key, written once by make_seeds.
inline std::string PaillierKeyPath() {
  return std::string(CLEANROOM_SOURCE_DIR) + "/fuzz/data/paillier-2048.key";
}

}  // namespace cleanroom::fuzz

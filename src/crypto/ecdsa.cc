#include "crypto/ecdsa.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/x509.h>

#include <cstring>

namespace cleanroom {
namespace {

std::shared_ptr<evp_pkey_st> Own(EVP_PKEY* k) {
  return std::shared_ptr<evp_pkey_st>(k, EVP_PKEY_free);
}

const char* GroupName(EcCurve curve) { return curve == EcCurve::kP256 ? "P-256" : "P-384"; }

}  // namespace

size_t EcCoordinateSize(EcCurve curve) { return curve == EcCurve::kP256 ? 32 : 48; }

Result<EcPublicKey> EcPublicKey::FromRawPoint(EcCurve curve, ByteView xy) {
  size_t n = EcCoordinateSize(curve);
  if (xy.size() != 2 * n) {
    return MakeError(ErrorCode::kBadInput, std::string(GroupName(curve)) + " public key must be " +
                                               std::to_string(2 * n) + " bytes, got " +
                                               std::to_string(xy.size()));
  }
  Bytes point{0x04};
  Append(point, xy);
  char group[8];
  std::strcpy(group, GroupName(curve));
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
      OSSL_PARAM_construct_end()};
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  bool ok = ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
            EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
  if (ok) {
    // fromdata decodes the point; the public-key check confirms it lies on the curve.
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> check(
        EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), EVP_PKEY_CTX_free);
    ok = check && EVP_PKEY_public_check(check.get()) == 1;
  }
  ERR_clear_error();
  if (!ok) {
    EVP_PKEY_free(key);
    return MakeError(ErrorCode::kBadInput,
                     std::string(GroupName(curve)) + " public key is not a point on the curve");
  }
  return EcPublicKey(Own(key), curve);
}

Result<EcPublicKey> EcPublicKey::FromCertificate(const X509Certificate& cert) {
  EVP_PKEY* key = X509_get_pubkey(cert.get());
  if (key == nullptr || !EVP_PKEY_is_a(key, "EC")) {
    EVP_PKEY_free(key);
    ERR_clear_error();
    return MakeError(ErrorCode::kBadInput, "certificate \"" + cert.SubjectCommonName() +
                                               "\" does not hold an EC public key");
  }
  char group[64] = {0};
  size_t len = 0;
  if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) != 1) group[0] = '\0';
  std::string name(group);
  std::shared_ptr<evp_pkey_st> owned = Own(key);
  if (name == "prime256v1" || name == "P-256") return EcPublicKey(owned, EcCurve::kP256);
  if (name == "secp384r1" || name == "P-384") return EcPublicKey(owned, EcCurve::kP384);
  return MakeError(ErrorCode::kBadInput, "certificate \"" + cert.SubjectCommonName() +
                                             "\" holds a key on curve " + name +
                                             ", not P-256 or P-384");
}

bool EcdsaVerify(const EcPublicKey& key, ByteView message, ByteView r, ByteView s) {
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* br = BN_bin2bn(r.data(), static_cast<int>(r.size()), nullptr);
  BIGNUM* bs = BN_bin2bn(s.data(), static_cast<int>(s.size()), nullptr);
  if (sig == nullptr || br == nullptr || bs == nullptr || ECDSA_SIG_set0(sig, br, bs) != 1) {
    ECDSA_SIG_free(sig);
    BN_free(br);
    BN_free(bs);
    return false;
  }
  unsigned char* der = nullptr;
  int der_len = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (der_len <= 0) return false;
  const EVP_MD* md = key.curve() == EcCurve::kP256 ? EVP_sha256() : EVP_sha384();
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key.get()) == 1 &&
            EVP_DigestVerify(ctx.get(), der, static_cast<size_t>(der_len), message.data(),
                             message.size()) == 1;
  OPENSSL_free(der);
  ERR_clear_error();
  return ok;
}

}  // namespace cleanroom

#include "enclave/test_certs.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdlib>

namespace cleanroom::testing {

void Must(bool ok) {
  if (!ok) std::abort();  // test setup: OpenSSL failing here is a broken environment
}

std::shared_ptr<evp_pkey_st> Key(EVP_PKEY* k) {
  Must(k != nullptr);
  return std::shared_ptr<evp_pkey_st>(k, EVP_PKEY_free);
}

std::string PemOf(X509* x) {
  BIO* bio = BIO_new(BIO_s_mem());
  Must(PEM_write_bio_X509(bio, x) == 1);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

X509* MakeTestCert(const std::string& org, const std::string& cn, X509* issuer,
                   EVP_PKEY* issuer_key, EVP_PKEY* subject_key, bool ca,
                   const std::vector<std::pair<std::string, Bytes>>& extensions) {
  X509* x = X509_new();
  Must(x != nullptr && X509_set_version(x, 2) == 1);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -86400);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 365);
  X509_NAME* name = X509_get_subject_name(x);
  auto add = [name](const char* field, const std::string& value) {
    Must(X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC,
                                    reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                    0) == 1);
  };
  add("O", org);
  add("CN", cn);
  Must(X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name) == 1);
  Must(X509_set_pubkey(x, subject_key) == 1);
  if (ca) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer ? issuer : x, x, nullptr, nullptr, 0);
    X509_EXTENSION* e =
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    Must(e != nullptr && X509_add_ext(x, e, -1) == 1);
    X509_EXTENSION_free(e);
  }
  for (const auto& [oid, value] : extensions) {
    ASN1_OCTET_STRING* os = ASN1_OCTET_STRING_new();
    Must(ASN1_OCTET_STRING_set(os, value.data(), static_cast<int>(value.size())) == 1);
    ASN1_OBJECT* obj = OBJ_txt2obj(oid.c_str(), 1);
    X509_EXTENSION* e = X509_EXTENSION_create_by_OBJ(nullptr, obj, 0, os);
    Must(e != nullptr && X509_add_ext(x, e, -1) == 1);
    X509_EXTENSION_free(e);
    ASN1_OBJECT_free(obj);
    ASN1_OCTET_STRING_free(os);
  }
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_PKEY_is_a(issuer_key, "RSA")) {  // as AMD signs: RSA-PSS with SHA-384
    Must(EVP_DigestSignInit(md, &pctx, EVP_sha384(), nullptr, issuer_key) == 1);
    Must(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1);
    Must(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1);
  } else {  // as Intel signs: ECDSA with SHA-256
    Must(EVP_DigestSignInit(md, &pctx, EVP_sha256(), nullptr, issuer_key) == 1);
  }
  Must(X509_sign_ctx(x, md) > 0);
  EVP_MD_CTX_free(md);
  return x;
}

std::pair<Bytes, Bytes> EcdsaSignRs(EVP_PKEY* key, ByteView message, size_t width) {
  const EVP_MD* md = EVP_PKEY_get_bits(key) == 256 ? EVP_sha256() : EVP_sha384();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Must(EVP_DigestSignInit(ctx, nullptr, md, nullptr, key) == 1);
  size_t len = 0;
  Must(EVP_DigestSign(ctx, nullptr, &len, message.data(), message.size()) == 1);
  Bytes der(len);
  Must(EVP_DigestSign(ctx, der.data(), &len, message.data(), message.size()) == 1);
  EVP_MD_CTX_free(ctx);
  const unsigned char* p = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len));
  Must(sig != nullptr);
  Bytes r(width), s(width);
  Must(BN_bn2binpad(ECDSA_SIG_get0_r(sig), r.data(), static_cast<int>(width)) ==
       static_cast<int>(width));
  Must(BN_bn2binpad(ECDSA_SIG_get0_s(sig), s.data(), static_cast<int>(width)) ==
       static_cast<int>(width));
  ECDSA_SIG_free(sig);
  return {r, s};
}

}  // namespace cleanroom::testing

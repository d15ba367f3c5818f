#include "crypto/x509.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cctype>

namespace cleanroom {
namespace {

Error BadCert(const std::string& source, const std::string& what) {
  return MakeError(ErrorCode::kBadInput, source + ": " + what);
}

std::string CommonName(const X509_NAME* name) {
  int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (idx < 0) return "";
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                     static_cast<size_t>(ASN1_STRING_length(value)));
}

std::shared_ptr<x509_st> Own(X509* x) { return std::shared_ptr<x509_st>(x, X509_free); }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<std::vector<X509Certificate>> X509Certificate::ParsePemChain(std::string_view pem,
                                                                    const std::string& source) {
  // Certification data in a TDX quote ends in a NUL; PEM readers stop there anyway.
  while (!pem.empty() && pem.back() == '\0') pem.remove_suffix(1);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) return MakeError(ErrorCode::kInternal, "BIO_new_mem_buf failed");
  std::vector<X509Certificate> out;
  for (;;) {
    ERR_clear_error();
    X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (x == nullptr) {
      unsigned long err = ERR_peek_last_error();
      bool at_end = ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
      ERR_clear_error();
      if (at_end && !out.empty()) return out;
      if (at_end) return BadCert(source, "no PEM certificate found");
      return BadCert(source, "certificate " + std::to_string(out.size() + 1) +
                                 " is not a valid X.509 certificate");
    }
    out.push_back(X509Certificate(Own(x)));
  }
}

Result<X509Certificate> X509Certificate::ParsePem(std::string_view pem, const std::string& source) {
  CR_ASSIGN_OR_RETURN(std::vector<X509Certificate> all, ParsePemChain(pem, source));
  if (all.size() != 1) {
    return BadCert(source, "expected one certificate, found " + std::to_string(all.size()));
  }
  return all[0];
}

Result<X509Certificate> X509Certificate::ParseDer(ByteView der, const std::string& source) {
  const unsigned char* p = der.data();
  X509* x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  ERR_clear_error();
  if (x == nullptr || p != der.data() + der.size()) {
    X509_free(x);
    return BadCert(source, "not a valid DER X.509 certificate");
  }
  return X509Certificate(Own(x));
}

Bytes X509Certificate::Der() const {
  unsigned char* buf = nullptr;
  int len = i2d_X509(cert_.get(), &buf);
  if (len <= 0) return {};
  Bytes out(buf, buf + len);
  OPENSSL_free(buf);
  return out;
}

Sha256Digest X509Certificate::Fingerprint() const { return Sha256(ByteView(Der())); }

std::string X509Certificate::SubjectCommonName() const {
  return CommonName(X509_get_subject_name(cert_.get()));
}

std::string X509Certificate::IssuerCommonName() const {
  return CommonName(X509_get_issuer_name(cert_.get()));
}

bool X509Certificate::IsSelfIssued() const {
  return X509_NAME_cmp(X509_get_subject_name(cert_.get()), X509_get_issuer_name(cert_.get())) == 0;
}

bool X509Certificate::IsSignedBy(const X509Certificate& issuer) const {
  EVP_PKEY* key = X509_get0_pubkey(issuer.cert_.get());
  bool ok = key != nullptr && X509_verify(cert_.get(), key) == 1;
  ERR_clear_error();
  return ok;
}

std::string X509Certificate::SignatureAlgorithm() const {
  int md = NID_undef, pk = NID_undef;
  if (X509_get_signature_info(cert_.get(), &md, &pk, nullptr, nullptr) != 1) return "unknown";
  std::string scheme;
  switch (pk) {
    case NID_rsassaPss:
      scheme = "rsassa-pss";
      break;
    case NID_rsaEncryption:
      scheme = "rsa";
      break;
    case NID_X9_62_id_ecPublicKey:
      scheme = "ecdsa";
      break;
    default:
      scheme = pk == NID_undef ? "unknown" : Lower(OBJ_nid2sn(pk));
  }
  return scheme + "/" + (md == NID_undef ? "unknown" : Lower(OBJ_nid2sn(md)));
}

bool X509Certificate::SamePublicKey(const X509Certificate& other) const {
  EVP_PKEY* a = X509_get0_pubkey(cert_.get());
  EVP_PKEY* b = X509_get0_pubkey(other.cert_.get());
  bool same = a != nullptr && b != nullptr && EVP_PKEY_eq(a, b) == 1;
  ERR_clear_error();
  return same;
}

std::optional<Bytes> X509Certificate::Extension(const std::string& oid) const {
  ASN1_OBJECT* obj = OBJ_txt2obj(oid.c_str(), 1);
  if (obj == nullptr) return std::nullopt;
  int idx = X509_get_ext_by_OBJ(cert_.get(), obj, -1);
  ASN1_OBJECT_free(obj);
  if (idx < 0) return std::nullopt;
  const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(X509_get_ext(cert_.get(), idx));
  const uint8_t* p = ASN1_STRING_get0_data(data);
  return Bytes(p, p + ASN1_STRING_length(data));
}

bool X509Certificate::ValidAt(std::time_t now) const {
  // X509_cmp_time: -1 when the certificate's time is at or before `now`, 1 after, 0 on error.
  return X509_cmp_time(X509_get0_notBefore(cert_.get()), &now) == -1 &&
         X509_cmp_time(X509_get0_notAfter(cert_.get()), &now) == 1;
}

Status VerifyCertificateChain(const X509Certificate& leaf,
                              const std::vector<X509Certificate>& intermediates,
                              const std::vector<X509Certificate>& roots) {
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  // sk_X509_free is a macro, so the stack gets a deleter of its own; it does not own the
  // certificates (the X509Certificate objects do).
  auto free_stack = [](STACK_OF(X509) * s) { sk_X509_free(s); };
  std::unique_ptr<STACK_OF(X509), decltype(free_stack)> untrusted(sk_X509_new_null(), free_stack);
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      X509_STORE_CTX_free);
  if (!store || !untrusted || !ctx) return MakeError(ErrorCode::kInternal, "out of memory");
  for (const X509Certificate& root : roots) {
    if (X509_STORE_add_cert(store.get(), root.get()) != 1) {
      return MakeError(ErrorCode::kInternal, "X509_STORE_add_cert failed");
    }
  }
  for (const X509Certificate& c : intermediates) {
    if (sk_X509_push(untrusted.get(), c.get()) <= 0) {
      return MakeError(ErrorCode::kInternal, "sk_X509_push failed");
    }
  }
  if (X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), untrusted.get()) != 1) {
    return MakeError(ErrorCode::kInternal, "X509_STORE_CTX_init failed");
  }
  int verified = X509_verify_cert(ctx.get());
  ERR_clear_error();
  if (verified == 1) return Ok();
  int err = X509_STORE_CTX_get_error(ctx.get());
  X509* at = X509_STORE_CTX_get_current_cert(ctx.get());
  std::string who = at == nullptr ? "" : " (at \"" + CommonName(X509_get_subject_name(at)) + "\")";
  return MakeError(ErrorCode::kIntegrity, std::string(X509_verify_cert_error_string(err)) + who);
}

Result<uint64_t> DerUnsignedInteger(ByteView der) {
  const unsigned char* p = der.data();
  ASN1_INTEGER* i = d2i_ASN1_INTEGER(nullptr, &p, static_cast<long>(der.size()));
  uint64_t value = 0;
  bool ok = i != nullptr && p == der.data() + der.size() && ASN1_INTEGER_get_uint64(&value, i) == 1;
  ASN1_INTEGER_free(i);
  ERR_clear_error();
  if (!ok) return MakeError(ErrorCode::kBadInput, "not a DER unsigned INTEGER of 64 bits");
  return value;
}

Result<Bytes> DerOctetString(ByteView der) {
  const unsigned char* p = der.data();
  ASN1_OCTET_STRING* s = d2i_ASN1_OCTET_STRING(nullptr, &p, static_cast<long>(der.size()));
  if (s == nullptr || p != der.data() + der.size()) {
    ASN1_OCTET_STRING_free(s);
    ERR_clear_error();
    return MakeError(ErrorCode::kBadInput, "not a DER OCTET STRING");
  }
  const uint8_t* d = ASN1_STRING_get0_data(s);
  Bytes out(d, d + ASN1_STRING_length(s));
  ASN1_OCTET_STRING_free(s);
  return out;
}

}  // namespace cleanroom

// X.509 and ECDSA wrappers on the public certificates and reports of tests/data/tee.
#include "crypto/x509.h"

#include <gtest/gtest.h>

#include "common/file_io.h"
#include "common/hex.h"
#include "crypto/ecdsa.h"

namespace cleanroom {
namespace {

const std::string kData = std::string(CLEANROOM_SOURCE_DIR) + "/tests/data/tee/";

X509Certificate Load(const std::string& name) {
  return *X509Certificate::ParsePem(*ReadTextFile(kData + name), name);
}

TEST(X509, ReadsNamesFingerprintsAndAlgorithms) {
  auto chain = X509Certificate::ParsePemChain(*ReadTextFile(kData + "sev-gcp-cert-chain.pem"), "c");
  ASSERT_TRUE(chain.ok());
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0].SubjectCommonName(), "SEV-Milan");
  EXPECT_EQ((*chain)[0].IssuerCommonName(), "ARK-Milan");
  EXPECT_FALSE((*chain)[0].IsSelfIssued());
  EXPECT_TRUE((*chain)[1].IsSelfIssued());
  EXPECT_EQ((*chain)[0].SignatureAlgorithm(), "rsassa-pss/sha384");
  X509Certificate root = Load("intel-sgx-root-ca.pem");
  EXPECT_EQ(root.SignatureAlgorithm(), "ecdsa/sha256");
  EXPECT_EQ(HexEncode(root.Fingerprint()),
            "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3");
  auto again = X509Certificate::ParseDer(root.Der(), "der");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->SamePublicKey(root));
  EXPECT_FALSE(again->SamePublicKey((*chain)[1]));
  EXPECT_TRUE(root.ValidAt(std::time(nullptr)));
  EXPECT_FALSE(root.ValidAt(0));
}

TEST(X509, ReadsVcekExtensions) {
  X509Certificate vcek = Load("sev-gcp-vcek.pem");
  auto snp = vcek.Extension("1.3.6.1.4.1.3704.1.3.3");
  ASSERT_TRUE(snp.has_value());
  EXPECT_EQ(*DerUnsignedInteger(*snp), 27u);
  EXPECT_EQ(*DerUnsignedInteger(*vcek.Extension("1.3.6.1.4.1.3704.1.3.8")), 222u);
  EXPECT_EQ(vcek.Extension("1.3.6.1.4.1.3704.1.3.99"), std::nullopt);
  EXPECT_EQ(vcek.Extension("1.3.6.1.4.1.3704.1.4")->size(), 64u);
  EXPECT_EQ(DerUnsignedInteger(Bytes{0x02, 0x01, 0xff}).error().message,
            "not a DER unsigned INTEGER of 64 bits");  // -1
  EXPECT_EQ(DerUnsignedInteger(Bytes{0x02, 0x01, 0x01, 0x00}).error().message,
            "not a DER unsigned INTEGER of 64 bits");  // trailing byte
  EXPECT_EQ(*DerOctetString(Bytes{0x04, 0x02, 0xab, 0xcd}), (Bytes{0xab, 0xcd}));
  EXPECT_EQ(DerOctetString(Bytes{0x02, 0x01, 0x01}).error().message, "not a DER OCTET STRING");
}

TEST(X509, VerifiesChainsOnlyToTheRootsGiven) {
  X509Certificate vcek = Load("sev-gcp-vcek.pem");
  auto chain =
      *X509Certificate::ParsePemChain(*ReadTextFile(kData + "sev-gcp-cert-chain.pem"), "c");
  EXPECT_TRUE(VerifyCertificateChain(vcek, {chain[0]}, {chain[1]}).ok());
  EXPECT_TRUE(vcek.IsSignedBy(chain[0]));
  EXPECT_FALSE(vcek.IsSignedBy(chain[1]));
  // The ARK among the intermediates is not a trust anchor.
  Status s = VerifyCertificateChain(vcek, {chain[0], chain[1]}, {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(s.error().message, "self-signed certificate in certificate chain (at \"ARK-Milan\")");
  s = VerifyCertificateChain(vcek, {chain[0]}, {Load("intel-sgx-root-ca.pem")});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "unable to get local issuer certificate (at \"SEV-Milan\")");
}

TEST(Ecdsa, VerifiesTheSamplesSignatures) {
  // SEV-SNP: P-384/SHA-384 over [0, 0x2A0), r and s little-endian, 72 bytes each, at 0x2A0.
  Bytes report = *ReadBinaryFile(kData + "sev-gcp.bin");
  auto key = EcPublicKey::FromCertificate(Load("sev-gcp-vcek.pem"));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->curve(), EcCurve::kP384);
  Bytes r(report.rend() - 0x2A0 - 72, report.rend() - 0x2A0);
  Bytes s(report.rend() - 0x2A0 - 144, report.rend() - 0x2A0 - 72);
  ByteView signed_part = ByteView(report).first(0x2A0);
  EXPECT_TRUE(EcdsaVerify(*key, signed_part, r, s));
  r.back() ^= 1;
  EXPECT_FALSE(EcdsaVerify(*key, signed_part, r, s));

  // TDX: P-256/SHA-256 over header || body (632 bytes), r || s at 636, key x || y at 700.
  Bytes quote = *ReadBinaryFile(kData + "tdx-v4-phala.dat");
  auto att = EcPublicKey::FromRawPoint(EcCurve::kP256, ByteView(quote).subspan(700, 64));
  ASSERT_TRUE(att.ok()) << att.error().message;
  ByteView sig = ByteView(quote).subspan(636, 64);
  EXPECT_TRUE(EcdsaVerify(*att, ByteView(quote).first(632), sig.first(32), sig.subspan(32)));
  EXPECT_FALSE(EcdsaVerify(*att, ByteView(quote).first(631), sig.first(32), sig.subspan(32)));
}

TEST(Ecdsa, RefusesMalformedKeys) {
  Bytes point(64, 0);
  point[63] = 1;
  auto off = EcPublicKey::FromRawPoint(EcCurve::kP256, point);
  ASSERT_FALSE(off.ok());
  EXPECT_EQ(off.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(off.error().message, "P-256 public key is not a point on the curve");
  auto size = EcPublicKey::FromRawPoint(EcCurve::kP384, point);
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.error().message, "P-384 public key must be 96 bytes, got 64");
  auto chain =
      *X509Certificate::ParsePemChain(*ReadTextFile(kData + "sev-gcp-cert-chain.pem"), "c");
  auto rsa = EcPublicKey::FromCertificate(chain[1]);
  ASSERT_FALSE(rsa.ok());
  EXPECT_EQ(rsa.error().message, "certificate \"ARK-Milan\" does not hold an EC public key");
}

}  // namespace
}  // namespace cleanroom

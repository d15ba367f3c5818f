// The TDX verifier on a real public quote (tests/data/tee) and on quotes signed by a made-up
// chain (fake_intel_chain.h): every check refuses the byte it guards, with its exact message.
#include "enclave/tdx_verifier.h"

#include <gtest/gtest.h>

#include "common/file_io.h"
#include "common/hex.h"
#include "crypto/x509.h"
#include "enclave/fake_intel_chain.h"

namespace cleanroom {
namespace {

const std::string kData = std::string(CLEANROOM_SOURCE_DIR) + "/tests/data/tee/";
constexpr const char* kMrtd =
    "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b253887"
    "3118b7";
constexpr const char* kReportData =
    "9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9eca3efdbb481601c163cf52493"
    "d6e44aed55d51ec39b7e518fadb92c2b523f20";
// Offsets in the sample quote.
constexpr size_t kTdAttributesAt = 48 + 120;
constexpr size_t kMrtdAt = 48 + 136;
constexpr size_t kReportDataAt = 48 + 520;
constexpr size_t kSignatureAt = 636;
constexpr size_t kAttestationKeyAt = 700;
constexpr size_t kQeReportAt = 770;
constexpr size_t kQeSignatureAt = 1154;
constexpr size_t kQeAuthDataAt = 1220;
constexpr size_t kPemAt = 1258;
constexpr size_t kQuoteEnd = 4936;

Bytes Sample() { return *ReadBinaryFile(kData + "tdx-v4-phala.dat"); }

void ExpectError(const Result<TdxVerdict>& v, ErrorCode code, const std::string& message) {
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, code);
  EXPECT_EQ(v.error().message, message);
}

Result<TdxVerdict> Verify(const Bytes& quote, const TdxExpectations& expect = {}) {
  return VerifyTdxQuote(quote, "q.dat", expect);
}

Bytes Flipped(size_t at, uint8_t mask = 1) {
  Bytes q = Sample();
  q[at] ^= mask;
  return q;
}

TEST(TdxVerifier, PinnedRootIsIntelsByFingerprint) {
  ASSERT_EQ(PinnedIntelRootPems().size(), 1u);
  auto root = X509Certificate::ParsePem(PinnedIntelRootPems()[0], "root");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(HexEncode(root->Fingerprint()),
            "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3");
  EXPECT_EQ(root->SubjectCommonName(), "Intel SGX Root CA");
  auto file = X509Certificate::ParsePem(*ReadTextFile(kData + "intel-sgx-root-ca.pem"), "file");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->Der(), root->Der());
}

TEST(TdxVerifier, RealQuoteVerifies) {
  TdxExpectations expect;
  expect.mrtd.emplace();
  expect.report_data.emplace();
  Bytes m = *HexDecode(kMrtd), rd = *HexDecode(kReportData);
  std::copy(m.begin(), m.end(), expect.mrtd->begin());
  std::copy(rd.begin(), rd.end(), expect.report_data->begin());
  auto v = Verify(Sample(), expect);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->root_name, "Intel SGX Root CA");
  EXPECT_EQ(v->quote.version, 4);
  EXPECT_EQ(HexEncode(v->quote.qe_vendor_id), "939a7233f79c4ca9940a0db3957f0607");
  EXPECT_EQ(HexEncode(v->quote.body.mrtd), kMrtd);
  EXPECT_EQ(HexEncode(v->quote.body.rtmr[3]), std::string(96, '0'));
  EXPECT_EQ(HexEncode(v->quote.body.td_attributes), "0000001000000000");
  EXPECT_FALSE(v->quote.body.debug());
  std::vector<std::pair<std::string, std::string>> checks,
      want = {{"pck_chain", "passed"},
              {"qe_report_signature", "passed"},
              {"qe_report_data", "passed"},
              {"quote_signature", "passed"},
              {"qe_vendor_id", "passed"},
              {"debug", "passed"},
              {"mrtd", "passed"},
              {"report_data", "passed"},
              {"tcb_status", "not checked"},
              {"qe_identity", "not checked"},
              {"crl", "not checked"}};
  for (const TeeCheck& c : v->checks) checks.emplace_back(c.name, c.outcome);
  EXPECT_EQ(checks, want);
}

TEST(TdxVerifier, FlippedSignedBytesAreRefusedByTheQuoteSignature) {
  for (size_t at : {kSignatureAt, kSignatureAt + 40, kMrtdAt, kReportDataAt, kTdAttributesAt,
                    size_t{30} /* user_data, in the header */}) {
    ExpectError(Verify(Flipped(at)), ErrorCode::kIntegrity,
                "q.dat: quote_signature: the quote's ECDSA P-256 signature over header and TD "
                "report does not verify under the attestation key");
  }
}

TEST(TdxVerifier, FlippedQeReportIsRefused) {
  for (size_t at : {kQeReportAt + 10, kQeSignatureAt, kQeSignatureAt + 63}) {
    ExpectError(Verify(Flipped(at)), ErrorCode::kIntegrity,
                "q.dat: qe_report_signature: the QE report's ECDSA P-256 signature does not "
                "verify under the PCK key");
  }
}

TEST(TdxVerifier, AttestationKeyMustBeBoundByTheQeReport) {
  for (size_t at : {kAttestationKeyAt, kAttestationKeyAt + 63, kQeAuthDataAt}) {
    ExpectError(Verify(Flipped(at)), ErrorCode::kIntegrity,
                "q.dat: qe_report_data: the QE report does not bind the attestation key "
                "(report_data is not SHA-256(attestation key || QE auth data))");
  }
}

TEST(TdxVerifier, AlteredPckCertificateIsRefused) {
  // A base64 character in the leaf's signature (the last lines before its END line).
  Bytes q = Sample();
  std::string pem(q.begin() + kPemAt, q.begin() + kQuoteEnd);
  size_t at = kPemAt + pem.find("-----END CERTIFICATE-----") - 8;
  q[at] = q[at] == 'A' ? 'B' : 'A';
  ExpectError(Verify(q), ErrorCode::kIntegrity,
              "q.dat: pck_chain: the PCK certificate does not chain to the pinned Intel SGX Root "
              "CA: certificate signature failure (at \"Intel SGX PCK Certificate\")");
  Bytes junk = Sample();
  junk[kPemAt + 100] = '*';  // not base64
  ExpectError(Verify(junk), ErrorCode::kBadInput,
              "q.dat: PCK chain: certificate 1 is not a valid X.509 certificate");
  // Without its leaf, the chain's first certificate is a CA: refused though it chains.
  Bytes headless = Sample();
  headless[kPemAt + 5] = 'X';  // "-----BEGIN" of the leaf no longer starts a PEM block
  ExpectError(Verify(headless), ErrorCode::kIntegrity,
              "q.dat: pck_chain: the first certificate is \"Intel SGX PCK Platform CA\", not an "
              "Intel SGX PCK Certificate");
}

TEST(TdxVerifier, WrongExpectationsAreRefused) {
  TdxExpectations expect;
  expect.mrtd.emplace();  // zeros
  ExpectError(Verify(Sample(), expect), ErrorCode::kIntegrity,
              std::string("q.dat: mrtd: the quote's MRTD ") + kMrtd + " is not the expected " +
                  std::string(96, '0'));
  TdxExpectations rd;
  rd.report_data.emplace();
  ExpectError(Verify(Sample(), rd), ErrorCode::kIntegrity,
              std::string("q.dat: report_data: the quote's report_data ") + kReportData +
                  " is not the expected " + std::string(128, '0'));
}

TEST(TdxVerifier, MalformedQuotesAreBadInput) {
  Bytes q = Sample();
  ExpectError(Verify(Bytes(q.begin(), q.begin() + 4000)), ErrorCode::kBadInput,
              "q.dat: the quote ends inside the signature data (needs 4300 bytes at 636, has "
              "3364)");
  ExpectError(Verify(Bytes(q.begin(), q.begin() + 100)), ErrorCode::kBadInput,
              "q.dat: the quote ends inside mr_seam (needs 48 bytes at 64, has 36)");
  ExpectError(Verify({}), ErrorCode::kBadInput,
              "q.dat: the quote ends inside the header (needs 2 bytes at 0, has 0)");
  Bytes v6 = q;
  v6[0] = 6;
  ExpectError(Verify(v6), ErrorCode::kBadInput,
              "q.dat: TDX quote version 6 is not supported (versions 4 and 5 are)");
  // As version 5, the first bytes of the TD report (tee_tcb_svn 06 01) read as a body type.
  Bytes v5 = q;
  v5[0] = 5;
  ExpectError(Verify(v5), ErrorCode::kBadInput,
              "q.dat: TDX quote body type 262 is not 2 (TD 1.0) or 3 (TD 1.5)");
  Bytes v3 = q;
  v3[0] = 3;
  ExpectError(Verify(v3), ErrorCode::kBadInput,
              "q.dat: TDX quote version 3 is not supported (versions 4 and 5 are)");
  Bytes sgx = q;
  sgx[4] = 0;
  ExpectError(Verify(sgx), ErrorCode::kBadInput, "q.dat: TEE type 0 is not 0x81 (TDX)");
  Bytes trailing = q;
  trailing.back() = 1;
  ExpectError(Verify(trailing), ErrorCode::kBadInput,
              "q.dat: non-zero bytes follow the quote's signature data");
  // Without its zero padding the quote still verifies.
  auto exact = Verify(Bytes(q.begin(), q.begin() + kQuoteEnd));
  EXPECT_TRUE(exact.ok()) << exact.error().message;
}

// Quotes signed end to end by the fake chain.
class FakeIntelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { chain_ = new testing::FakeIntelChain(); }
  static void TearDownTestSuite() { delete chain_; }
  static Bytes Quote(size_t flip_at = 0, uint8_t mask = 0) {
    auto like = ParseTdxQuote(Sample(), "sample");
    Bytes signed_part = like->signed_part;
    if (mask != 0) signed_part[flip_at] ^= mask;
    return chain_->Quote(signed_part, *like);
  }
  static Result<TdxVerdict> VerifyFake(const Bytes& q, const TdxExpectations& e = {}) {
    return VerifyTdxQuote(q, "q.dat", e, {chain_->root_pem()});
  }
  static testing::FakeIntelChain* chain_;
};
testing::FakeIntelChain* FakeIntelTest::chain_ = nullptr;

TEST_F(FakeIntelTest, ReSignedQuoteVerifiesUnderItsOwnPin) {
  auto v = VerifyFake(Quote());
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->root_name, "Intel SGX Root CA");
}

TEST_F(FakeIntelTest, SelfConsistentChainIsRefusedUnderIntelsPin) {
  ExpectError(Verify(Quote()), ErrorCode::kIntegrity,
              "q.dat: pck_chain: the PCK certificate does not chain to the pinned Intel SGX Root "
              "CA: self-signed certificate in certificate chain (at \"Intel SGX Root CA\")");
}

TEST_F(FakeIntelTest, DebugTdIsRefusedUnlessAllowed) {
  Bytes q = Quote(kTdAttributesAt, kTdAttributesDebug);
  ExpectError(VerifyFake(q), ErrorCode::kIntegrity,
              "q.dat: debug: the TD attributes have DEBUG (bit 0) set, so the host can read the "
              "TD's memory; refusing (pass --allow-debug to accept it)");
  TdxExpectations allow;
  allow.allow_debug = true;
  auto v = VerifyFake(q, allow);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_TRUE(v->quote.body.debug());
  EXPECT_EQ(v->checks[5].name, "debug");
  EXPECT_EQ(v->checks[5].outcome, "allowed");
}

// Version 5: header, body descriptor (type, size), body. No real v5 quote is among the samples,
// so these are the v4 sample's header and TD report re-framed and signed by the fake chain.
Bytes V5SignedPart(uint16_t type, const Bytes& extra = {}) {
  Bytes q = Sample();
  Bytes out(q.begin(), q.begin() + kTdxHeaderSize);
  out[0] = 5;
  size_t size = kTdReportBody10Size + extra.size();
  out.push_back(static_cast<uint8_t>(type));
  out.push_back(static_cast<uint8_t>(type >> 8));
  for (int s = 0; s < 32; s += 8) out.push_back(static_cast<uint8_t>(size >> s));
  out.insert(out.end(), q.begin() + kTdxHeaderSize,
             q.begin() + kTdxHeaderSize + kTdReportBody10Size);
  Append(out, extra);
  return out;
}

TEST_F(FakeIntelTest, Version5WithTd10BodyVerifies) {
  auto like = ParseTdxQuote(Sample(), "sample");
  Bytes q = chain_->Quote(V5SignedPart(kTdxBodyTd10), *like);
  auto v = VerifyFake(q);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->quote.version, 5);
  EXPECT_EQ(v->quote.body_type, kTdxBodyTd10);
  EXPECT_FALSE(v->quote.body.td15);
  EXPECT_EQ(HexEncode(v->quote.body.mrtd), kMrtd);
  EXPECT_EQ(HexEncode(v->quote.body.report_data), kReportData);
  EXPECT_EQ(v->quote.signed_part.size(), kTdxHeaderSize + 6 + kTdReportBody10Size);
}

TEST_F(FakeIntelTest, Version5WithTd15BodyVerifies) {
  Bytes extra(64);
  for (size_t i = 0; i < extra.size(); ++i) extra[i] = static_cast<uint8_t>(i);
  auto like = ParseTdxQuote(Sample(), "sample");
  Bytes q = chain_->Quote(V5SignedPart(kTdxBodyTd15, extra), *like);
  auto v = VerifyFake(q);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_TRUE(v->quote.body.td15);
  EXPECT_EQ(HexEncode(v->quote.body.tee_tcb_svn_2), "000102030405060708090a0b0c0d0e0f");
  EXPECT_EQ(v->quote.body.mr_servicetd[0], 16);
  EXPECT_EQ(v->quote.body.mr_servicetd[47], 63);
  EXPECT_EQ(HexEncode(v->quote.body.mrtd), kMrtd);
  // The TD 1.5 fields are signed.
  Bytes wrong = q;
  wrong[kTdxHeaderSize + 6 + kTdReportBody10Size] ^= 1;
  ExpectError(VerifyFake(wrong), ErrorCode::kIntegrity,
              "q.dat: quote_signature: the quote's ECDSA P-256 signature over header and TD "
              "report does not verify under the attestation key");
}

TEST_F(FakeIntelTest, Version5BodyDescriptorMustBeKnown) {
  auto like = ParseTdxQuote(Sample(), "sample");
  ExpectError(VerifyFake(chain_->Quote(V5SignedPart(1), *like)), ErrorCode::kBadInput,
              "q.dat: TDX quote body type 1 is not 2 (TD 1.0) or 3 (TD 1.5)");
  ExpectError(VerifyFake(chain_->Quote(V5SignedPart(kTdxBodyTd15), *like)), ErrorCode::kBadInput,
              "q.dat: TDX quote body of type 3 is 584 bytes, not 648");
}

TEST_F(FakeIntelTest, NonIntelQeVendorIsRefused) {
  Bytes q = Quote(12, 0xff);  // qe_vendor_id, in the signed header
  ExpectError(VerifyFake(q), ErrorCode::kIntegrity,
              "q.dat: qe_vendor_id: the quote's QE vendor id 6c9a7233f79c4ca9940a0db3957f0607 is "
              "not Intel's 939a7233f79c4ca9940a0db3957f0607");
}

}  // namespace
}  // namespace cleanroom

// The SEV-SNP verifier on a real Google Cloud report (tests/data/tee) and on reports signed by a
// made-up chain (fake_amd_chain.h): every check is shown to refuse the byte it guards, with its
// exact message.
#include "enclave/snp_verifier.h"

#include <gtest/gtest.h>

#include "common/file_io.h"
#include "common/hex.h"
#include "enclave/fake_amd_chain.h"

namespace cleanroom {
namespace {

const std::string kData = std::string(CLEANROOM_SOURCE_DIR) + "/tests/data/tee/";
constexpr const char* kMeasurement =
    "b747d55452e0b9e9079770a49e397c5e6d9573581e246da7baac4f28b5cdc5b1b6d19251b8ee600fd16a3708f58"
    "406f3";

Bytes SampleReport() { return *ReadBinaryFile(kData + "sev-gcp.bin"); }
X509Certificate SampleVcek() {
  return *X509Certificate::ParsePem(*ReadTextFile(kData + "sev-gcp-vcek.pem"), "vcek");
}
std::vector<X509Certificate> SampleChain() {
  return *X509Certificate::ParsePemChain(*ReadTextFile(kData + "sev-gcp-cert-chain.pem"), "chain");
}

std::string Outcome(const SnpVerdict& v, const std::string& name) {
  for (const TeeCheck& c : v.checks) {
    if (c.name == name) return c.outcome;
  }
  return "absent";
}

// The error of verifying `report` with the sample's VCEK and chain.
Error SampleError(const Bytes& report, const SnpExpectations& expect = {}) {
  auto v = VerifySnpReport(report, "r.bin", SampleVcek(), SampleChain(), expect);
  EXPECT_FALSE(v.ok());
  return v.ok() ? Error{} : v.error();
}

void ExpectError(const Error& e, ErrorCode code, const std::string& message) {
  EXPECT_EQ(e.code, code);
  EXPECT_EQ(e.message, message);
}

TEST(SnpVerifier, PinnedRootsAreAmdsByFingerprint) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd",
       "67d303bd3905fd38db8b20e0793699870e7fa612eaad5dec358293fd8c0bac1b"},
      {"4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1",
       "5464738c1546aed5f2cecf1dc98c5c960a92e8913238a61711bc90ec6e828521"},
      {"1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a",
       "5b77ef5fe7a7a004fd9032668fba9d0fda22f88c4442069a479636a6ae3b3185"}};
  const auto& roots = PinnedAmdRoots();
  ASSERT_EQ(roots.size(), 3u);
  for (size_t i = 0; i < roots.size(); ++i) {
    auto ark = X509Certificate::ParsePem(roots[i].ark_pem, "ark");
    auto ask = X509Certificate::ParsePem(roots[i].ask_pem, "ask");
    ASSERT_TRUE(ark.ok() && ask.ok());
    EXPECT_EQ(HexEncode(ark->Fingerprint()), expected[i].first) << roots[i].product;
    EXPECT_EQ(HexEncode(ask->Fingerprint()), expected[i].second) << roots[i].product;
    EXPECT_EQ(ark->SubjectCommonName(), "ARK-" + roots[i].product);
    EXPECT_EQ(ask->SubjectCommonName(), "SEV-" + roots[i].product);
    EXPECT_TRUE(ark->IsSignedBy(*ark));
    EXPECT_TRUE(ask->IsSignedBy(*ark));
  }
  // The sample's chain is AMD's Milan ASK and ARK, byte for byte.
  auto chain = SampleChain();
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(HexEncode(chain[0].Fingerprint()), expected[0].second);
  EXPECT_EQ(HexEncode(chain[1].Fingerprint()), expected[0].first);
}

TEST(SnpVerifier, RealReportVerifiesWithItsChain) {
  SnpExpectations expect;
  expect.measurement.emplace();
  auto m = *HexDecode(kMeasurement);
  std::copy(m.begin(), m.end(), expect.measurement->begin());
  expect.report_data.emplace();  // all zeros, as the sample's
  auto v = VerifySnpReport(SampleReport(), "r.bin", SampleVcek(), SampleChain(), expect);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->product, "Milan");
  EXPECT_EQ(v->ark_name, "ARK-Milan");
  EXPECT_EQ(v->report.version, 5u);
  EXPECT_EQ(v->report.policy, 0x30000u);
  EXPECT_EQ(v->report.vmpl, 0u);
  EXPECT_FALSE(v->report.debug());
  EXPECT_FALSE(v->report.migrate_ma());
  EXPECT_EQ(HexEncode(v->report.measurement), kMeasurement);
  EXPECT_EQ(v->reported_tcb, (SnpTcb{false, 0, 4, 0, 27, 222}));
  std::vector<std::pair<std::string, std::string>> checks;
  for (const TeeCheck& c : v->checks) checks.emplace_back(c.name, c.outcome);
  std::vector<std::pair<std::string, std::string>> want = {{"signing_key", "passed"},
                                                           {"ark_pinned", "passed"},
                                                           {"ask_signed_by_ark", "passed"},
                                                           {"vcek_signed_by_ask", "passed"},
                                                           {"cert_chain", "passed"},
                                                           {"signature", "passed"},
                                                           {"tcb", "passed"},
                                                           {"chip_id", "passed"},
                                                           {"debug", "passed"},
                                                           {"measurement", "passed"},
                                                           {"report_data", "passed"},
                                                           {"crl", "not checked"}};
  EXPECT_EQ(checks, want);
}

TEST(SnpVerifier, RealReportVerifiesWithThePinnedChain) {
  auto v = VerifySnpReport(SampleReport(), "r.bin", SampleVcek(), {}, {});
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(Outcome(*v, "measurement"), "not checked");
  EXPECT_EQ(Outcome(*v, "report_data"), "not checked");
  EXPECT_EQ(Outcome(*v, "ark_pinned"), "passed");
}

TEST(SnpVerifier, ChainMayListTheArkFirst) {
  auto chain = SampleChain();
  auto v = VerifySnpReport(SampleReport(), "r.bin", SampleVcek(), {chain[1], chain[0]}, {});
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(Outcome(*v, "ark_pinned"), "passed");
}

TEST(SnpVerifier, FlippedSignatureByteIsRefused) {
  for (size_t at : {kSnpSignedSize, kSnpSignedSize + 47, kSnpSignedSize + 72}) {
    Bytes r = SampleReport();
    r[at] ^= 1;
    ExpectError(SampleError(r), ErrorCode::kIntegrity,
                "r.bin: signature: the report's ECDSA P-384/SHA-384 signature does not verify "
                "under the VCEK's key");
  }
}

TEST(SnpVerifier, FlippedSignedBytesAreRefusedBySignature) {
  // measurement, report_data, reported_tcb, chip_id, policy: all under the signature.
  for (size_t at : {size_t{0x90}, size_t{0x50}, size_t{0x180}, size_t{0x1A0}, size_t{0x0A}}) {
    Bytes r = SampleReport();
    r[at] ^= 0x01;
    ExpectError(SampleError(r), ErrorCode::kIntegrity,
                "r.bin: signature: the report's ECDSA P-384/SHA-384 signature does not verify "
                "under the VCEK's key");
  }
}

TEST(SnpVerifier, WrongExpectedMeasurementIsRefused) {
  SnpExpectations expect;
  expect.measurement.emplace();
  auto m = *HexDecode(kMeasurement);
  m[0] ^= 0xff;
  std::copy(m.begin(), m.end(), expect.measurement->begin());
  ExpectError(SampleError(SampleReport(), expect), ErrorCode::kIntegrity,
              std::string("r.bin: measurement: the report's measurement ") + kMeasurement +
                  " is not the expected " + HexEncode(m));
}

TEST(SnpVerifier, WrongExpectedReportDataIsRefused) {
  SnpExpectations expect;
  expect.report_data.emplace();
  (*expect.report_data)[63] = 1;
  ExpectError(SampleError(SampleReport(), expect), ErrorCode::kIntegrity,
              "r.bin: report_data: the report's report_data " + std::string(128, '0') +
                  " is not the expected " + std::string(126, '0') + "01");
}

TEST(SnpVerifier, AlteredCertificatesAreRefused) {
  X509Certificate vcek = SampleVcek();
  std::vector<X509Certificate> chain = SampleChain();
  auto flip_last = [](const X509Certificate& c) {
    Bytes der = c.Der();
    der.back() ^= 1;  // inside the signature
    return *X509Certificate::ParseDer(der, "flipped");
  };
  auto v = VerifySnpReport(SampleReport(), "r.bin", flip_last(vcek), chain, {});
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: vcek_signed_by_ask: the VCEK is not signed by the ASK \"SEV-Milan\" with "
              "RSA-PSS/SHA-384");
  v = VerifySnpReport(SampleReport(), "r.bin", vcek, {flip_last(chain[0]), chain[1]}, {});
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: ask_signed_by_ark: the ASK \"SEV-Milan\" is not signed by ARK-Milan with "
              "RSA-PSS/SHA-384");
  v = VerifySnpReport(SampleReport(), "r.bin", vcek, {chain[0], flip_last(chain[1])}, {});
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: ark_pinned: the chain's root \"ARK-Milan\" is not self-signed");
  // The Genoa ARK is AMD's and self-signed, but not the root of this Milan VCEK.
  auto genoa = X509Certificate::ParsePem(PinnedAmdRoots()[1].ark_pem, "genoa");
  v = VerifySnpReport(SampleReport(), "r.bin", vcek, {chain[0], *genoa}, {});
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: ark_pinned: the chain's root \"ARK-Genoa\" is not AMD's pinned ARK-Milan "
              "(SHA-256 69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd)");
}

TEST(SnpVerifier, MalformedCertificatesAreBadInput) {
  auto bad = X509Certificate::ParsePem(
      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END "
      "CERTIFICATE-----\n",
      "vcek.pem");
  ASSERT_FALSE(bad.ok());
  ExpectError(bad.error(), ErrorCode::kBadInput,
              "vcek.pem: certificate 1 is not a valid X.509 certificate");
  auto none = X509Certificate::ParsePem("hello", "vcek.pem");
  ASSERT_FALSE(none.ok());
  ExpectError(none.error(), ErrorCode::kBadInput, "vcek.pem: no PEM certificate found");
  auto two = X509Certificate::ParsePem(*ReadTextFile(kData + "sev-gcp-cert-chain.pem"), "v.pem");
  ASSERT_FALSE(two.ok());
  ExpectError(two.error(), ErrorCode::kBadInput, "v.pem: expected one certificate, found 2");
  auto v = VerifySnpReport(SampleReport(), "r.bin", SampleVcek(), {SampleChain()[0]}, {});
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kBadInput,
              "r.bin: the chain must hold the ASK and the ARK, found 1 certificate(s)");
}

TEST(SnpVerifier, WrongSizesAndVersionsAreBadInput) {
  Bytes r = SampleReport();
  Bytes shorter(r.begin(), r.end() - 1);
  ExpectError(SampleError(shorter), ErrorCode::kBadInput,
              "r.bin: an SEV-SNP report is 1184 bytes, not 1183");
  Bytes longer = r;
  longer.push_back(0);
  ExpectError(SampleError(longer), ErrorCode::kBadInput,
              "r.bin: an SEV-SNP report is 1184 bytes, not 1185");
  ExpectError(SampleError({}), ErrorCode::kBadInput,
              "r.bin: an SEV-SNP report is 1184 bytes, not 0");
  for (uint8_t version : {1, 6}) {
    Bytes v = r;
    v[0] = version;
    ExpectError(SampleError(v), ErrorCode::kBadInput,
                "r.bin: SEV-SNP report version " + std::to_string(version) +
                    " is not supported (versions 2 to 5 are)");
  }
  Bytes algo = r;
  algo[0x34] = 2;
  ExpectError(SampleError(algo), ErrorCode::kBadInput,
              "r.bin: signature_algo 2 is not 1 (ECDSA P-384 with SHA-384)");
}

// Reports signed by the fake chain: what AMD would never sign for us.
class FakeAmdChainTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Bytes r = *ReadBinaryFile(kData + "sev-gcp.bin");
    testing::FakeVcekFields f;
    f.tcb = SnpTcb{false, 0, 4, 0, 27, 222};
    f.hwid.assign(r.begin() + 0x1A0, r.begin() + 0x1E0);
    chain_ = new testing::FakeAmdChain(f);
  }
  static void TearDownTestSuite() { delete chain_; }

  // The sample report, edited by `edit` and re-signed with the fake VCEK.
  static Bytes Report(const std::function<void(Bytes&)>& edit = nullptr) {
    Bytes r = *ReadBinaryFile(kData + "sev-gcp.bin");
    if (edit) edit(r);
    chain_->Sign(r);
    return r;
  }
  static Result<SnpVerdict> Verify(const Bytes& report, const SnpExpectations& expect = {},
                                   const testing::FakeAmdChain* chain = chain_) {
    auto vcek = X509Certificate::ParsePem(chain->vcek_pem(), "vcek");
    auto ask_ark = X509Certificate::ParsePemChain(chain->ask_pem() + chain->ark_pem(), "chain");
    return VerifySnpReport(report, "r.bin", *vcek, *ask_ark, expect, chain_->Pinned());
  }
  static testing::FakeAmdChain* chain_;
};
testing::FakeAmdChain* FakeAmdChainTest::chain_ = nullptr;

TEST_F(FakeAmdChainTest, ReSignedReportVerifiesUnderItsOwnPin) {
  auto v = Verify(Report());
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(Outcome(*v, "signature"), "passed");
}

TEST_F(FakeAmdChainTest, SelfConsistentChainIsRefusedUnderAmdsPins) {
  auto vcek = X509Certificate::ParsePem(chain_->vcek_pem(), "vcek");
  auto ask_ark = X509Certificate::ParsePemChain(chain_->ask_pem() + chain_->ark_pem(), "chain");
  auto v = VerifySnpReport(Report(), "r.bin", *vcek, *ask_ark, {});
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: ark_pinned: the chain's root \"ARK-Milan\" is not AMD's pinned ARK-Milan "
              "(SHA-256 69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd)");
  // Without a chain, the pinned Milan ASK is used: it did not sign the fake VCEK.
  v = VerifySnpReport(Report(), "r.bin", *vcek, {}, {});
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: vcek_signed_by_ask: the VCEK is not signed by the ASK \"SEV-Milan\" with "
              "RSA-PSS/SHA-384");
}

TEST_F(FakeAmdChainTest, DebugReportIsRefusedUnlessAllowed) {
  Bytes r = Report([](Bytes& b) { b[0x0A] |= 0x08; });  // policy bit 19
  auto v = Verify(r);
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: debug: the guest policy allows debugging (bit 19), so the host can read the "
              "guest's memory; refusing (pass --allow-debug to accept it)");
  SnpExpectations allow;
  allow.allow_debug = true;
  v = Verify(r, allow);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_TRUE(v->report.debug());
  EXPECT_EQ(Outcome(*v, "debug"), "allowed");
}

TEST_F(FakeAmdChainTest, MigrationAgentBitIsReported) {
  auto v = Verify(Report([](Bytes& b) { b[0x0A] |= 0x04; }));  // policy bit 18
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_TRUE(v->report.migrate_ma());
  EXPECT_FALSE(v->report.debug());
}

TEST_F(FakeAmdChainTest, ReportedTcbMustMatchTheVcek) {
  auto v = Verify(Report([](Bytes& b) { b[0x186] = 26; }));  // snpSPL of reported_tcb
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: tcb: reported_tcb has snpSPL 26 but the VCEK was issued for 27");
  v = Verify(Report([](Bytes& b) { b[0x187] = 0xdf; }));  // ucodeSPL
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: tcb: reported_tcb has ucodeSPL 223 but the VCEK was issued for 222");
  v = Verify(Report([](Bytes& b) { b[0x180] = 3; }));  // blSPL
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: tcb: reported_tcb has blSPL 3 but the VCEK was issued for 4");
}

TEST_F(FakeAmdChainTest, ChipIdMustBeTheVcekHwId) {
  auto v = Verify(Report([](Bytes& b) { b[0x1A0] ^= 1; }));
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: chip_id: the report's chip_id is not the VCEK's hwID");
}

TEST_F(FakeAmdChainTest, VlekSignedReportIsRefused) {
  auto v = Verify(Report([](Bytes& b) { b[0x48] = 1 << 2; }));
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: signing_key: the report is signed by a VLEK, not a VCEK");
}

TEST_F(FakeAmdChainTest, EveryAcceptedVersionParses) {
  for (uint8_t version : {2, 3, 4, 5}) {
    auto v = Verify(Report([version](Bytes& b) { b[0] = version; }));
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->report.version, version);
  }
}

// Turin: FMC in the TCB (fmc 1, boot loader 2, TEE 3, SNP 4, microcode 5 in bytes 0-3 and 7)
// and an 8-byte hwID, which the report's chip_id holds followed by zeros.
TEST(SnpVerifierTurin, TurinLayoutAndShortHwIdVerify) {
  testing::FakeVcekFields f;
  f.product = "Turin";
  f.tcb = SnpTcb{true, 1, 2, 3, 4, 5};
  f.hwid = {1, 2, 3, 4, 5, 6, 7, 8};
  testing::FakeAmdChain turin(f);
  auto report = [&turin](uint8_t fmc, uint8_t last_chip_byte) {
    Bytes r = SampleReport();
    const uint8_t tcb[8] = {fmc, 2, 3, 4, 0, 0, 0, 5};
    for (size_t at : {size_t{0x38}, size_t{0x180}, size_t{0x1E0}, size_t{0x1F0}}) {
      std::copy(tcb, tcb + 8, r.begin() + static_cast<std::ptrdiff_t>(at));
    }
    std::fill(r.begin() + 0x1A0, r.begin() + 0x1E0, 0);
    for (int i = 0; i < 8; ++i) r[0x1A0 + i] = static_cast<uint8_t>(i + 1);
    r[0x1DF] = last_chip_byte;
    turin.Sign(r);
    return r;
  };
  auto verify = [&turin](const Bytes& r) {
    auto vcek = X509Certificate::ParsePem(turin.vcek_pem(), "vcek");
    auto chain = X509Certificate::ParsePemChain(turin.ask_pem() + turin.ark_pem(), "chain");
    return VerifySnpReport(r, "r.bin", *vcek, *chain, {}, turin.Pinned());
  };
  auto v = verify(report(1, 0));
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->product, "Turin");
  EXPECT_EQ(v->reported_tcb, (SnpTcb{true, 1, 2, 3, 4, 5}));
  v = verify(report(9, 0));
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: tcb: reported_tcb has fmcSPL 9 but the VCEK was issued for 1");
  v = verify(report(1, 0x80));  // a non-zero byte after the 8-byte chip id
  ASSERT_FALSE(v.ok());
  ExpectError(v.error(), ErrorCode::kIntegrity,
              "r.bin: chip_id: the report's chip_id is not the VCEK's hwID");
}

}  // namespace
}  // namespace cleanroom

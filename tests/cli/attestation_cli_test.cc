// End-to-end: `cleanroom attestation verify` (SEV-SNP and TDX) through the real binary on the
// public samples of tests/data/tee, copied into a scratch directory so that messages name them
// exactly: exit 0 with the summary or the JSON, 5 naming the failed check, 6 for what does not
// parse, 2 for usage.
#include <gtest/gtest.h>

#include "common/file_io.h"
#include "support/cli.h"
#include "support/process.h"

namespace cleanroom {
namespace {

using testing::Cli;
using testing::ProcessResult;
using testing::ScratchDir;

const std::string kData = std::string(CLEANROOM_SOURCE_DIR) + "/tests/data/tee/";
const std::string kMeasurement =
    "b747d55452e0b9e9079770a49e397c5e6d9573581e246da7baac4f28b5cdc5b1b6d19251b8ee600fd16a3708f58"
    "406f3";
const std::string kZeros64 = std::string(128, '0');

// A scratch directory holding the samples.
class AttestationCli : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"sev-gcp.bin", "sev-gcp-vcek.pem", "sev-gcp-cert-chain.pem",
                             "tdx-v4-phala.dat", "intel-sgx-root-ca.pem"}) {
      auto data = ReadBinaryFile(kData + name);
      ASSERT_TRUE(data.ok()) << data.error().message;
      ASSERT_TRUE(WriteFileAtomic(dir_ / name, ByteView(*data)).ok());
    }
  }
  // `name` with the byte at `at` XOR `mask`, written as `out`.
  void Flip(const std::string& name, size_t at, uint8_t mask, const std::string& out) {
    Bytes data = *ReadBinaryFile(dir_ / name);
    ASSERT_LT(at, data.size());
    data[at] ^= mask;
    ASSERT_TRUE(WriteFileAtomic(dir_ / out, ByteView(data)).ok());
  }
  ProcessResult Snp(std::vector<std::string> extra, const std::string& report = "sev-gcp.bin") {
    std::vector<std::string> args = {"attestation", "verify",          report, "--tee", "snp",
                                     "--vcek",      "sev-gcp-vcek.pem"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Cli(dir_, args);
  }
  ScratchDir dir_;
};

TEST_F(AttestationCli, SnpSampleVerifiesWithASummary) {
  ProcessResult r = Snp({"--chain", "sev-gcp-cert-chain.pem"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "verified: sev-gcp.bin is an AMD SEV-SNP report (Milan, version 5) signed by a VCEK "
            "that chains to AMD's pinned ARK-Milan\n"
            "  measurement:  " +
                kMeasurement +
                "\n"
                "  report_data:  " +
                kZeros64 +
                "\n"
                "  policy:       debug off, migration agent off, vmpl 0\n"
                "  tcb:          bootloader 4, tee 0, snp 27, microcode 222\n"
                "  not checked:  measurement, report_data, crl\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(AttestationCli, SnpSampleJsonWithExpectationsUsesThePinnedChain) {
  ProcessResult r = Snp({"--measurement", kMeasurement, "--report-data", kZeros64, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, R"({
  "tee": "snp",
  "version": 5,
  "product": "Milan",
  "measurement": ")" + kMeasurement +
                       R"(",
  "report_data": ")" + kZeros64 +
                       R"(",
  "debug": false,
  "migration_agent": false,
  "vmpl": 0,
  "tcb": {
    "bootloader": 4,
    "tee": 0,
    "snp": 27,
    "microcode": 222
  },
  "checks": {
    "signing_key": "passed",
    "ark_pinned": "passed",
    "ask_signed_by_ark": "passed",
    "vcek_signed_by_ask": "passed",
    "cert_chain": "passed",
    "signature": "passed",
    "tcb": "passed",
    "chip_id": "passed",
    "debug": "passed",
    "measurement": "passed",
    "report_data": "passed",
    "crl": "not checked"
  }
}
)");
  EXPECT_EQ(r.err, "");
}

TEST_F(AttestationCli, SnpWrongMeasurementExitsFive) {
  std::string other = "00" + kMeasurement.substr(2);
  ProcessResult r = Snp({"--measurement", other});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: sev-gcp.bin: measurement: the report's measurement " + kMeasurement +
                       " is not the expected " + other + "\n");
}

TEST_F(AttestationCli, SnpWrongReportDataExitsFive) {
  std::string other = std::string(127, '0') + "1";
  ProcessResult r = Snp({"--report-data", other});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.err, "error: sev-gcp.bin: report_data: the report's report_data " + kZeros64 +
                       " is not the expected " + other + "\n");
}

TEST_F(AttestationCli, SnpFlippedBytesExitFiveAtTheSignature) {
  const std::string sig_error =
      "error: bad.bin: signature: the report's ECDSA P-384/SHA-384 signature does not verify "
      "under the VCEK's key\n";
  // signature r; measurement; reported_tcb; the DEBUG policy bit (allowed or not, the signature
  // no longer holds).
  for (size_t at : {size_t{0x2A0}, size_t{0x90}, size_t{0x180}}) {
    Flip("sev-gcp.bin", at, 1, "bad.bin");
    ProcessResult r = Snp({}, "bad.bin");
    EXPECT_EQ(r.exit_code, 5) << at;
    EXPECT_EQ(r.err, sig_error) << at;
  }
  Flip("sev-gcp.bin", 0x0A, 0x08, "bad.bin");
  ProcessResult r = Snp({"--allow-debug"}, "bad.bin");
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.err, sig_error);
}

TEST_F(AttestationCli, SnpAlteredVcekExitsFive) {
  std::string pem = *ReadTextFile(dir_ / "sev-gcp-vcek.pem");
  // A character inside the signature's base64 (the last full line before END).
  size_t end = pem.find("-----END");
  size_t at = end - 10;
  pem[at] = pem[at] == 'A' ? 'B' : 'A';
  ASSERT_TRUE(WriteFileAtomic(dir_ / "vcek2.pem", pem).ok());
  ProcessResult r =
      Cli(dir_, {"attestation", "verify", "sev-gcp.bin", "--tee", "snp", "--vcek", "vcek2.pem"});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.err,
            "error: sev-gcp.bin: vcek_signed_by_ask: the VCEK is not signed by the ASK "
            "\"SEV-Milan\" with RSA-PSS/SHA-384\n");
}

TEST_F(AttestationCli, SnpMalformedInputsExitSix) {
  Bytes report = *ReadBinaryFile(dir_ / "sev-gcp.bin");
  ASSERT_TRUE(WriteFileAtomic(dir_ / "short.bin", ByteView(report).first(1183)).ok());
  ProcessResult r = Snp({}, "short.bin");
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(r.err, "error: short.bin: an SEV-SNP report is 1184 bytes, not 1183\n");

  report.push_back(0);
  ASSERT_TRUE(WriteFileAtomic(dir_ / "long.bin", ByteView(report)).ok());
  r = Snp({}, "long.bin");
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(r.err, "error: long.bin: an SEV-SNP report is 1184 bytes, not 1185\n");

  Flip("sev-gcp.bin", 0, 5 ^ 7, "v7.bin");
  r = Snp({}, "v7.bin");
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(r.err,
            "error: v7.bin: SEV-SNP report version 7 is not supported (versions 2 to 5 are)\n");

  ASSERT_TRUE(WriteFileAtomic(dir_ / "junk.pem",
                              "-----BEGIN CERTIFICATE-----\nAAAA\n-----END "
                              "CERTIFICATE-----\n")
                  .ok());
  r = Cli(dir_, {"attestation", "verify", "sev-gcp.bin", "--tee", "snp", "--vcek", "junk.pem"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(r.err, "error: junk.pem: certificate 1 is not a valid X.509 certificate\n");

  r = Snp({"--chain", "sev-gcp-vcek.pem"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(
      r.err,
      "error: sev-gcp.bin: the chain must hold the ASK and the ARK, found 1 certificate(s)\n");
}

TEST_F(AttestationCli, SnpUsageErrorsExitTwo) {
  ProcessResult r = Cli(dir_, {"attestation", "verify", "sev-gcp.bin", "--tee", "snp"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: --tee snp needs --vcek VCEK.pem; run 'cleanroom attestation verify --help'\n");
  r = Snp({"--measurement", "abc"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: --measurement must be 96 hex digits (48 bytes); run 'cleanroom attestation "
            "verify --help'\n");
  r = Snp({"--mrtd", kMeasurement});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: --mrtd is for --tee tdx; SEV-SNP has --measurement; run 'cleanroom "
            "attestation verify --help'\n");
  r = Cli(dir_, {"attestation", "verify", "sev-gcp.bin", "--tee", "sgx"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: --tee: sgx not in {snp,tdx}; run 'cleanroom --help' for usage\n");
  r = Cli(dir_, {"attestation", "verify", "sev-gcp.bin"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: --tee is required; run 'cleanroom --help' for usage\n");
}

const std::string kMrtd =
    "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b253887"
    "3118b7";
const std::string kRtmr0 =
    "44c0197b39157fdd7a4dcc44767f9d6b0bb3977c7a8e347b8492f827fe9d9e5c48aca29b220b80b6a540cf994b"
    "9bc9c0";
const std::string kRtmr1 =
    "0084452c01668329d4bc06acdf58a7205c26743304509973949e5619bf81a6a7aea8c323c173019b3093d54e57"
    "9e9378";
const std::string kRtmr2 =
    "d833feef2cd945148aa38ead2c53e9b7f138190aaaebfc551dccd829fc207aa3ba80b70870d7330733642e01d4"
    "8c3132";
const std::string kTdxReportData =
    "9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9eca3efdbb481601c163cf52493"
    "d6e44aed55d51ec39b7e518fadb92c2b523f20";

TEST_F(AttestationCli, TdxSampleVerifiesWithASummary) {
  ProcessResult r = Cli(dir_, {"attestation", "verify", "tdx-v4-phala.dat", "--tee", "tdx"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "verified: tdx-v4-phala.dat is an Intel TDX quote (version 4) whose PCK chain ends "
            "in the pinned Intel SGX Root CA\n"
            "  mrtd:         " +
                kMrtd +
                "\n"
                "  rtmr0:        " +
                kRtmr0 +
                "\n"
                "  rtmr1:        " +
                kRtmr1 +
                "\n"
                "  rtmr2:        " +
                kRtmr2 +
                "\n"
                "  rtmr3:        " +
                std::string(96, '0') +
                "\n"
                "  report_data:  " +
                kTdxReportData +
                "\n"
                "  td:           debug off, attributes 0000001000000000\n"
                "  tcb:          tee_tcb_svn 06010300000000000000000000000000 (status not checked: "
                "no Intel collateral)\n"
                "  not checked:  mrtd, report_data, tcb_status, qe_identity, crl\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(AttestationCli, TdxSampleJsonWithExpectations) {
  ProcessResult r = Cli(dir_, {"attestation", "verify", "tdx-v4-phala.dat", "--tee", "tdx",
                               "--mrtd", kMrtd, "--report-data", kTdxReportData, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, R"({
  "tee": "tdx",
  "version": 4,
  "mrtd": ")" + kMrtd + R"(",
  "rtmr": [
    ")" + kRtmr0 + R"(",
    ")" + kRtmr1 + R"(",
    ")" + kRtmr2 + R"(",
    ")" + std::string(96, '0') +
                       R"("
  ],
  "report_data": ")" + kTdxReportData +
                       R"(",
  "debug": false,
  "td_attributes": "0000001000000000",
  "tcb": {
    "tee_tcb_svn": "06010300000000000000000000000000",
    "qe_svn": 0,
    "pce_svn": 0,
    "status": "not checked"
  },
  "checks": {
    "pck_chain": "passed",
    "qe_report_signature": "passed",
    "qe_report_data": "passed",
    "quote_signature": "passed",
    "qe_vendor_id": "passed",
    "debug": "passed",
    "mrtd": "passed",
    "report_data": "passed",
    "tcb_status": "not checked",
    "qe_identity": "not checked",
    "crl": "not checked"
  }
}
)");
  EXPECT_EQ(r.err, "");
}

TEST_F(AttestationCli, TdxFailuresExitFiveSixOrTwo) {
  Flip("tdx-v4-phala.dat", 48 + 136, 1, "mrtd.dat");  // MRTD, under the quote signature
  ProcessResult r = Cli(dir_, {"attestation", "verify", "mrtd.dat", "--tee", "tdx"});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.err,
            "error: mrtd.dat: quote_signature: the quote's ECDSA P-256 signature over header and "
            "TD report does not verify under the attestation key\n");

  r = Cli(dir_, {"attestation", "verify", "tdx-v4-phala.dat", "--tee", "tdx", "--mrtd",
                 std::string(96, '0')});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.err, "error: tdx-v4-phala.dat: mrtd: the quote's MRTD " + kMrtd +
                       " is not the expected " + std::string(96, '0') + "\n");

  Flip("tdx-v4-phala.dat", 0, 4 ^ 6, "v6.dat");
  r = Cli(dir_, {"attestation", "verify", "v6.dat", "--tee", "tdx"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(r.err, "error: v6.dat: TDX quote version 6 is not supported (versions 4 and 5 are)\n");

  Bytes quote = *ReadBinaryFile(dir_ / "tdx-v4-phala.dat");
  ASSERT_TRUE(WriteFileAtomic(dir_ / "short.dat", ByteView(quote).first(700)).ok());
  r = Cli(dir_, {"attestation", "verify", "short.dat", "--tee", "tdx"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(r.err,
            "error: short.dat: the quote ends inside the signature data (needs 4300 bytes at 636, "
            "has 64)\n");

  r = Cli(dir_, {"attestation", "verify", "tdx-v4-phala.dat", "--tee", "tdx", "--vcek",
                 "sev-gcp-vcek.pem"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: --vcek and --chain are for --tee snp; a TDX quote carries its PCK chain; run "
            "'cleanroom attestation verify --help'\n");
  r = Cli(dir_, {"attestation", "verify", "tdx-v4-phala.dat", "--tee", "tdx", "--mrtd", "00"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: --mrtd must be 96 hex digits (48 bytes); run 'cleanroom attestation verify "
            "--help'\n");
}

}  // namespace
}  // namespace cleanroom

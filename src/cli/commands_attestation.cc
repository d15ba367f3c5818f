// `cleanroom attestation verify REPORT --tee snp --vcek VCEK.pem [--chain ASK_ARK.pem]
//  [--report-data HEX] [--measurement HEX] [--allow-debug] [--json]` and
// `cleanroom attestation verify QUOTE --tee tdx [--report-data HEX] [--mrtd HEX] [--allow-debug]
//  [--json]` check a hardware attestation report offline against the vendor roots pinned in
// this binary (docs/attestation.md): exit 0 when every check holds, 5 naming the first that
// fails, 6 when the report or a certificate does not parse, 2 for a usage error.
#include <algorithm>
#include <array>
#include <iostream>
#include <optional>

#include "cli/command.h"
#include "common/file_io.h"
#include "common/hex.h"
#include "common/json_util.h"
#include "crypto/x509.h"
#include "enclave/snp_verifier.h"
#include "enclave/tdx_verifier.h"

namespace cleanroom::cli {
namespace {

// Reports and quotes are a few KiB; certificates too.
constexpr size_t kMaxAttestationFileBytes = size_t{1} << 20;

struct AttestationVerifyArgs {
  std::string report;
  std::string tee;
  std::string vcek;
  std::string chain;
  std::string report_data;
  std::string measurement;
  std::string mrtd;
  bool allow_debug = false;
  bool json = false;
};

Error Usage(const std::string& what) {
  return MakeError(ErrorCode::kUsage, what + "; run 'cleanroom attestation verify --help'");
}

// `flag`'s value as exactly N bytes of hex (kUsage otherwise); nullopt when not given.
template <size_t N>
Result<std::optional<std::array<uint8_t, N>>> ExpectedBytes(const std::string& flag,
                                                            const std::string& hex) {
  if (hex.empty()) return std::optional<std::array<uint8_t, N>>();
  auto bytes = HexDecode(hex);
  if (!bytes.ok() || bytes->size() != N) {
    return Usage(flag + " must be " + std::to_string(2 * N) + " hex digits (" + std::to_string(N) +
                 " bytes)");
  }
  std::array<uint8_t, N> out;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return std::optional<std::array<uint8_t, N>>(out);
}

std::string Outcomes(const std::vector<TeeCheck>& checks, const char* outcome) {
  std::string out;
  for (const TeeCheck& c : checks) {
    if (c.outcome == outcome) out += (out.empty() ? "" : ", ") + c.name;
  }
  return out.empty() ? "-" : out;
}

nlohmann::ordered_json ChecksJson(const std::vector<TeeCheck>& checks) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const TeeCheck& c : checks) j[c.name] = c.outcome;
  return j;
}

Status RunSnp(const AttestationVerifyArgs& a) {
  if (a.vcek.empty()) return Usage("--tee snp needs --vcek VCEK.pem");
  if (!a.mrtd.empty()) return Usage("--mrtd is for --tee tdx; SEV-SNP has --measurement");
  SnpExpectations expect;
  CR_ASSIGN_OR_RETURN(expect.measurement, ExpectedBytes<48>("--measurement", a.measurement));
  CR_ASSIGN_OR_RETURN(expect.report_data, ExpectedBytes<64>("--report-data", a.report_data));
  expect.allow_debug = a.allow_debug;

  CR_ASSIGN_OR_RETURN(Bytes report, ReadBinaryFile(a.report, kMaxAttestationFileBytes));
  CR_ASSIGN_OR_RETURN(std::string vcek_pem, ReadTextFile(a.vcek, kMaxAttestationFileBytes));
  CR_ASSIGN_OR_RETURN(X509Certificate vcek, X509Certificate::ParsePem(vcek_pem, a.vcek));
  std::vector<X509Certificate> chain;
  if (!a.chain.empty()) {
    CR_ASSIGN_OR_RETURN(std::string chain_pem, ReadTextFile(a.chain, kMaxAttestationFileBytes));
    CR_ASSIGN_OR_RETURN(chain, X509Certificate::ParsePemChain(chain_pem, a.chain));
  }
  CR_ASSIGN_OR_RETURN(SnpVerdict v, VerifySnpReport(report, a.report, vcek, chain, expect));
  const SnpReport& r = v.report;
  const SnpTcb& t = v.reported_tcb;

  if (a.json) {
    nlohmann::ordered_json tcb = nlohmann::ordered_json::object();
    if (t.has_fmc) tcb["fmc"] = t.fmc;
    tcb["bootloader"] = t.bootloader;
    tcb["tee"] = t.tee;
    tcb["snp"] = t.snp;
    tcb["microcode"] = t.microcode;
    nlohmann::ordered_json j = {{"tee", "snp"},
                                {"version", r.version},
                                {"product", v.product},
                                {"measurement", HexEncode(r.measurement)},
                                {"report_data", HexEncode(r.report_data)},
                                {"debug", r.debug()},
                                {"migration_agent", r.migrate_ma()},
                                {"vmpl", r.vmpl},
                                {"tcb", tcb},
                                {"checks", ChecksJson(v.checks)}};
    std::cout << j.dump(2) << "\n";
    return Ok();
  }
  std::cout << "verified: " << a.report << " is an AMD SEV-SNP report (" << v.product
            << ", version " << r.version << ") signed by a VCEK that chains to AMD's pinned "
            << v.ark_name << "\n"
            << "  measurement:  " << HexEncode(r.measurement) << "\n"
            << "  report_data:  " << HexEncode(r.report_data) << "\n"
            << "  policy:       debug " << (r.debug() ? "ON (allowed)" : "off")
            << ", migration agent " << (r.migrate_ma() ? "allowed" : "off") << ", vmpl " << r.vmpl
            << "\n"
            << "  tcb:          " << (t.has_fmc ? "fmc " + std::to_string(t.fmc) + ", " : "")
            << "bootloader " << int{t.bootloader} << ", tee " << int{t.tee} << ", snp "
            << int{t.snp} << ", microcode " << int{t.microcode} << "\n"
            << "  not checked:  " << Outcomes(v.checks, kCheckNotChecked) << "\n";
  return Ok();
}

Status RunTdx(const AttestationVerifyArgs& a) {
  if (!a.vcek.empty() || !a.chain.empty()) {
    return Usage("--vcek and --chain are for --tee snp; a TDX quote carries its PCK chain");
  }
  if (!a.measurement.empty()) return Usage("--measurement is for --tee snp; TDX has --mrtd");
  TdxExpectations expect;
  CR_ASSIGN_OR_RETURN(expect.mrtd, ExpectedBytes<48>("--mrtd", a.mrtd));
  CR_ASSIGN_OR_RETURN(expect.report_data, ExpectedBytes<64>("--report-data", a.report_data));
  expect.allow_debug = a.allow_debug;
  CR_ASSIGN_OR_RETURN(Bytes quote, ReadBinaryFile(a.report, kMaxAttestationFileBytes));
  CR_ASSIGN_OR_RETURN(TdxVerdict v, VerifyTdxQuote(quote, a.report, expect));
  const TdxQuote& q = v.quote;
  const TdReportBody& b = q.body;

  if (a.json) {
    nlohmann::ordered_json rtmr = nlohmann::ordered_json::array();
    for (const Digest48& r : b.rtmr) rtmr.push_back(HexEncode(r));
    nlohmann::ordered_json j = {{"tee", "tdx"},
                                {"version", q.version},
                                {"mrtd", HexEncode(b.mrtd)},
                                {"rtmr", rtmr},
                                {"report_data", HexEncode(b.report_data)},
                                {"debug", b.debug()},
                                {"td_attributes", HexEncode(b.td_attributes)},
                                {"tcb",
                                 {{"tee_tcb_svn", HexEncode(b.tee_tcb_svn)},
                                  {"qe_svn", q.qe_svn},
                                  {"pce_svn", q.pce_svn},
                                  {"status", kCheckNotChecked}}},
                                {"checks", ChecksJson(v.checks)}};
    if (b.td15) {  // version 5 with a TD 1.5 body: its two extra fields
      j["tcb"]["tee_tcb_svn_2"] = HexEncode(b.tee_tcb_svn_2);
      j["mr_servicetd"] = HexEncode(b.mr_servicetd);
    }
    std::cout << j.dump(2) << "\n";
    return Ok();
  }
  std::string kind = q.version == kTdxQuoteVersion4 ? ""
                     : b.td15                       ? ", TD 1.5 body"
                                                    : ", TD 1.0 body";
  std::cout << "verified: " << a.report << " is an Intel TDX quote (version " << q.version << kind
            << ") whose PCK chain ends in the pinned " << v.root_name << "\n"
            << "  mrtd:         " << HexEncode(b.mrtd) << "\n";
  for (size_t i = 0; i < b.rtmr.size(); ++i) {
    std::cout << "  rtmr" << i << ":        " << HexEncode(b.rtmr[i]) << "\n";
  }
  std::cout << "  report_data:  " << HexEncode(b.report_data) << "\n"
            << "  td:           debug " << (b.debug() ? "ON (allowed)" : "off") << ", attributes "
            << HexEncode(b.td_attributes) << "\n"
            << "  tcb:          tee_tcb_svn " << HexEncode(b.tee_tcb_svn)
            << " (status not checked: no Intel collateral)\n"
            << "  not checked:  " << Outcomes(v.checks, kCheckNotChecked) << "\n";
  return Ok();
}

Status RunAttestationVerify(const AttestationVerifyArgs& a) {
  if (a.tee == "snp") return RunSnp(a);
  if (a.tee == "tdx") return RunTdx(a);
  return Usage("--tee must be snp or tdx");
}

}  // namespace

void AddAttestationCommands(CLI::App& app, CommandTable& table) {
  CLI::App* group = app.add_subcommand("attestation", "Hardware TEE attestation reports");
  group->require_subcommand(1);
  auto args = std::make_shared<AttestationVerifyArgs>();
  CLI::App* sub = group->add_subcommand(
      "verify", "Verify an AMD SEV-SNP report or Intel TDX quote against pinned vendor roots");
  sub->add_option("report", args->report, "The report (SNP, 1184 bytes) or quote (TDX)")
      ->required();
  sub->add_option("--tee", args->tee, "snp or tdx")
      ->required()
      ->check(CLI::IsMember({"snp", "tdx"}));
  sub->add_option("--vcek", args->vcek, "SNP: the VCEK certificate (PEM) that signed the report");
  sub->add_option("--chain", args->chain,
                  "SNP: the ASK and ARK (PEM); default: the ones pinned for the VCEK's product");
  sub->add_option("--report-data", args->report_data, "Expected report_data (128 hex digits)");
  sub->add_option("--measurement", args->measurement, "SNP: expected measurement (96 hex digits)");
  sub->add_option("--mrtd", args->mrtd, "TDX: expected MRTD (96 hex digits)");
  sub->add_flag("--allow-debug", args->allow_debug,
                "Accept a debug guest (its memory is readable by the host)");
  sub->add_flag("--json", args->json, "Print the verified fields and checks as JSON");
  table.Add(sub, [args] { return RunAttestationVerify(*args); });
}

}  // namespace cleanroom::cli

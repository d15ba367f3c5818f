#include "enclave/snp_verifier.h"

#include <algorithm>

#include "common/hex.h"
#include "crypto/ecdsa.h"

namespace cleanroom {
namespace {

constexpr const char* kAmdCertSignature = "rsassa-pss/sha384";

class Checker {
 public:
  explicit Checker(std::string source) : source_(std::move(source)) {}
  Error Fail(const std::string& check, const std::string& what) const {
    return MakeError(ErrorCode::kIntegrity, source_ + ": " + check + ": " + what);
  }
  Error Malformed(const std::string& what) const {
    return MakeError(ErrorCode::kBadInput, source_ + ": " + what);
  }
  void Pass(std::vector<TeeCheck>& checks, const std::string& name,
            const char* outcome = kCheckPassed) const {
    checks.push_back({name, outcome});
  }

 private:
  std::string source_;
};

// The report's r or s: 72 bytes little-endian, of which P-384 uses the low 48.
Bytes BigEndian(const std::array<uint8_t, kSnpSignatureComponent>& le) {
  Bytes be(le.rbegin(), le.rend());
  return be;
}

struct AmdChain {
  X509Certificate ask;
  X509Certificate ark;
};

Result<AmdChain> ChainToUse(const std::vector<X509Certificate>& chain,
                            const AmdProductRoots& pinned, const Checker& c) {
  if (chain.empty()) {
    CR_ASSIGN_OR_RETURN(X509Certificate ask,
                        X509Certificate::ParsePem(pinned.ask_pem, "pinned ASK " + pinned.product));
    CR_ASSIGN_OR_RETURN(X509Certificate ark,
                        X509Certificate::ParsePem(pinned.ark_pem, "pinned ARK " + pinned.product));
    return AmdChain{ask, ark};
  }
  if (chain.size() != 2) {
    return c.Malformed("the chain must hold the ASK and the ARK, found " +
                       std::to_string(chain.size()) + " certificate(s)");
  }
  // AMD's KDS serves the ASK first; accept either order, the ARK being the self-issued one.
  if (chain[0].IsSelfIssued() && !chain[1].IsSelfIssued()) return AmdChain{chain[1], chain[0]};
  return AmdChain{chain[0], chain[1]};
}

Result<uint64_t> SplExtension(const X509Certificate& vcek, const char* oid, const char* name,
                              const Checker& c) {
  std::optional<Bytes> ext = vcek.Extension(oid);
  if (!ext) return c.Malformed("the VCEK has no " + std::string(name) + " extension (" + oid + ")");
  auto value = DerUnsignedInteger(*ext);
  if (!value.ok() || *value > 255) {
    return c.Malformed("the VCEK's " + std::string(name) + " extension is not an integer 0..255");
  }
  return *value;
}

Status CheckTcb(const SnpTcb& reported, const X509Certificate& vcek, const Checker& c) {
  struct Component {
    const char* oid;
    const char* name;
    uint8_t reported;
  };
  std::vector<Component> components = {{kVcekOidBlSpl, "blSPL", reported.bootloader},
                                       {kVcekOidTeeSpl, "teeSPL", reported.tee},
                                       {kVcekOidSnpSpl, "snpSPL", reported.snp},
                                       {kVcekOidUcodeSpl, "ucodeSPL", reported.microcode}};
  if (reported.has_fmc) components.push_back({kVcekOidFmcSpl, "fmcSPL", reported.fmc});
  for (const Component& k : components) {
    CR_ASSIGN_OR_RETURN(uint64_t in_vcek, SplExtension(vcek, k.oid, k.name, c));
    if (in_vcek != k.reported) {
      return c.Fail("tcb", "reported_tcb has " + std::string(k.name) + " " +
                               std::to_string(k.reported) + " but the VCEK was issued for " +
                               std::to_string(in_vcek));
    }
  }
  return Ok();
}

// The VCEK names the chip it belongs to in hwID: the report's 64-byte chip_id on Milan and
// Genoa; on Turin an 8-byte id, which the report's chip_id holds followed by 56 zero bytes.
// AMD's KDS puts the bytes directly in the extension's value; a DER OCTET STRING around them is
// accepted too.
Status CheckChipId(const SnpReport& report, const X509Certificate& vcek, bool turin,
                   const Checker& c) {
  std::optional<Bytes> ext = vcek.Extension(kVcekOidHwId);
  if (!ext) {
    return c.Malformed("the VCEK has no hwID extension (" + std::string(kVcekOidHwId) + ")");
  }
  const size_t want = turin ? 8 : report.chip_id.size();
  Bytes hwid = *ext;
  if (hwid.size() != want) {
    auto unwrapped = DerOctetString(hwid);
    if (!unwrapped.ok() || unwrapped->size() != want) {
      return c.Malformed("the VCEK's hwID extension is not " + std::to_string(want) + " bytes");
    }
    hwid = *unwrapped;
  }
  bool same = std::equal(hwid.begin(), hwid.end(), report.chip_id.begin()) &&
              std::all_of(report.chip_id.begin() + static_cast<std::ptrdiff_t>(want),
                          report.chip_id.end(), [](uint8_t b) { return b == 0; });
  if (!same) {
    return c.Fail("chip_id", std::string("the report's chip_id is not the VCEK's hwID") +
                                 (report.mask_chip_key() ? " (the report masks its chip id)" : ""));
  }
  return Ok();
}

}  // namespace

Result<SnpVerdict> VerifySnpReport(ByteView bytes, const std::string& source,
                                   const X509Certificate& vcek,
                                   const std::vector<X509Certificate>& chain,
                                   const SnpExpectations& expect,
                                   const std::vector<AmdProductRoots>& pinned) {
  Checker c(source);
  CR_ASSIGN_OR_RETURN(SnpReport report, ParseSnpReport(bytes, source));
  SnpVerdict v;
  std::vector<TeeCheck>& checks = v.checks;

  if (report.signing_key() != 0) {
    return c.Fail("signing_key", "the report is signed by " +
                                     std::string(report.signing_key() == 1 ? "a VLEK" : "no key") +
                                     ", not a VCEK");
  }
  c.Pass(checks, "signing_key");

  // The product is the one whose ASK issued the VCEK ("SEV-Milan", ...).
  const std::string issuer = vcek.IssuerCommonName();
  auto product = std::find_if(pinned.begin(), pinned.end(), [&](const AmdProductRoots& p) {
    return issuer == "SEV-" + p.product;
  });
  if (product == pinned.end()) {
    return c.Fail("ark_pinned", "the VCEK's issuer \"" + issuer +
                                    "\" is not the ASK of a product with a pinned ARK");
  }
  v.product = product->product;
  CR_ASSIGN_OR_RETURN(AmdChain amd, ChainToUse(chain, *product, c));
  CR_ASSIGN_OR_RETURN(X509Certificate pinned_ark,
                      X509Certificate::ParsePem(product->ark_pem, "pinned ARK " + v.product));
  v.ark_name = pinned_ark.SubjectCommonName();

  if (!amd.ark.IsSelfIssued() || !amd.ark.IsSignedBy(amd.ark)) {
    return c.Fail("ark_pinned",
                  "the chain's root \"" + amd.ark.SubjectCommonName() + "\" is not self-signed");
  }
  // Byte-equal, or AMD re-issued the same key under the same name.
  bool same_ark = amd.ark.Der() == pinned_ark.Der() ||
                  (amd.ark.SamePublicKey(pinned_ark) &&
                   amd.ark.SubjectCommonName() == pinned_ark.SubjectCommonName());
  if (!same_ark) {
    return c.Fail("ark_pinned", "the chain's root \"" + amd.ark.SubjectCommonName() +
                                    "\" is not AMD's pinned " + v.ark_name + " (SHA-256 " +
                                    HexEncode(pinned_ark.Fingerprint()) + ")");
  }
  c.Pass(checks, "ark_pinned");

  if (amd.ask.SignatureAlgorithm() != kAmdCertSignature || !amd.ask.IsSignedBy(pinned_ark)) {
    return c.Fail("ask_signed_by_ark", "the ASK \"" + amd.ask.SubjectCommonName() +
                                           "\" is not signed by " + v.ark_name +
                                           " with RSA-PSS/SHA-384");
  }
  c.Pass(checks, "ask_signed_by_ark");
  if (vcek.SignatureAlgorithm() != kAmdCertSignature || !vcek.IsSignedBy(amd.ask)) {
    return c.Fail("vcek_signed_by_ask", "the VCEK is not signed by the ASK \"" +
                                            amd.ask.SubjectCommonName() +
                                            "\" with RSA-PSS/SHA-384");
  }
  c.Pass(checks, "vcek_signed_by_ask");
  // Validity dates and CA constraints, with the pinned ARK as the only trust anchor.
  Status chained = VerifyCertificateChain(vcek, {amd.ask}, {pinned_ark});
  if (!chained.ok()) return c.Fail("cert_chain", chained.error().message);
  c.Pass(checks, "cert_chain");

  auto key = EcPublicKey::FromCertificate(vcek);
  if (!key.ok()) return c.Malformed("VCEK: " + key.error().message);
  if (key->curve() != EcCurve::kP384) return c.Malformed("the VCEK's key is not on P-384");
  if (!EcdsaVerify(*key, ByteView(report.raw).first(kSnpSignedSize), BigEndian(report.signature_r),
                   BigEndian(report.signature_s))) {
    return c.Fail("signature",
                  "the report's ECDSA P-384/SHA-384 signature does not verify "
                  "under the VCEK's key");
  }
  c.Pass(checks, "signature");

  v.reported_tcb = DecodeSnpTcb(report.reported_tcb, v.product == "Turin");
  CR_RETURN_IF_ERROR(CheckTcb(v.reported_tcb, vcek, c));
  c.Pass(checks, "tcb");

  CR_RETURN_IF_ERROR(CheckChipId(report, vcek, v.product == "Turin", c));
  c.Pass(checks, "chip_id");

  if (report.debug() && !expect.allow_debug) {
    return c.Fail("debug",
                  "the guest policy allows debugging (bit 19), so the host can read "
                  "the guest's memory; refusing (pass --allow-debug to accept it)");
  }
  c.Pass(checks, "debug", report.debug() ? kCheckAllowed : kCheckPassed);

  if (expect.measurement) {
    if (*expect.measurement != report.measurement) {
      return c.Fail("measurement", "the report's measurement " + HexEncode(report.measurement) +
                                       " is not the expected " + HexEncode(*expect.measurement));
    }
    c.Pass(checks, "measurement");
  } else {
    c.Pass(checks, "measurement", kCheckNotChecked);
  }
  if (expect.report_data) {
    if (*expect.report_data != report.report_data) {
      return c.Fail("report_data", "the report's report_data " + HexEncode(report.report_data) +
                                       " is not the expected " + HexEncode(*expect.report_data));
    }
    c.Pass(checks, "report_data");
  } else {
    c.Pass(checks, "report_data", kCheckNotChecked);
  }
  c.Pass(checks, "crl", kCheckNotChecked);
  v.report = std::move(report);
  return v;
}

}  // namespace cleanroom

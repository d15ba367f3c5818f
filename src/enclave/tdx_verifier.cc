#include "enclave/tdx_verifier.h"

#include <algorithm>
#include <array>

#include "common/hex.h"
#include "crypto/ecdsa.h"
#include "crypto/sha256.h"
#include "crypto/x509.h"

namespace cleanroom {
namespace {

constexpr const char* kPckCommonName = "Intel SGX PCK Certificate";
// The vendor id of Intel's Quoting Enclave, as Intel's QVL requires it.
constexpr std::array<uint8_t, 16> kIntelQeVendorId = {
    0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9, 0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07};

}  // namespace

Result<TdxVerdict> VerifyTdxQuote(ByteView bytes, const std::string& source,
                                  const TdxExpectations& expect,
                                  const std::vector<std::string>& pinned_root_pems) {
  auto fail = [&source](const std::string& check, const std::string& what) {
    return MakeError(ErrorCode::kIntegrity, source + ": " + check + ": " + what);
  };
  CR_ASSIGN_OR_RETURN(TdxQuote q, ParseTdxQuote(bytes, source));
  TdxVerdict v;
  auto pass = [&v](const std::string& name, const char* outcome = kCheckPassed) {
    v.checks.push_back({name, outcome});
  };

  // The PCK chain: leaf first, then its CA(s); whatever root the quote carries is only an
  // untrusted intermediate to X509_verify_cert, whose sole anchors are the pinned roots.
  CR_ASSIGN_OR_RETURN(std::vector<X509Certificate> chain,
                      X509Certificate::ParsePemChain(q.pck_chain_pem, source + ": PCK chain"));
  std::vector<X509Certificate> roots;
  for (const std::string& pem : pinned_root_pems) {
    CR_ASSIGN_OR_RETURN(X509Certificate root, X509Certificate::ParsePem(pem, "pinned root"));
    roots.push_back(root);
  }
  const X509Certificate& pck = chain.front();
  std::vector<X509Certificate> intermediates(chain.begin() + 1, chain.end());
  Status chained = VerifyCertificateChain(pck, intermediates, roots);
  if (!chained.ok()) {
    return fail("pck_chain",
                "the PCK certificate does not chain to the pinned Intel SGX Root "
                "CA: " +
                    chained.error().message);
  }
  // The leaf must be a PCK certificate, not a CA of the chain passed off as one.
  if (pck.SubjectCommonName() != kPckCommonName) {
    return fail("pck_chain", "the first certificate is \"" + pck.SubjectCommonName() +
                                 "\", not an " + kPckCommonName);
  }
  for (const X509Certificate& root : roots) {
    if (std::any_of(chain.begin(), chain.end(),
                    [&](const X509Certificate& c) { return c.IsSignedBy(root); })) {
      v.root_name = root.SubjectCommonName();
    }
  }
  pass("pck_chain");

  auto pck_key = EcPublicKey::FromCertificate(pck);
  if (!pck_key.ok() || pck_key->curve() != EcCurve::kP256) {
    return MakeError(ErrorCode::kBadInput, source + ": the PCK certificate's key is not P-256");
  }
  ByteView qe_sig(q.qe_report_signature);
  if (!EcdsaVerify(*pck_key, q.qe_report, qe_sig.first(32), qe_sig.subspan(32))) {
    return fail("qe_report_signature",
                "the QE report's ECDSA P-256 signature does not verify under the PCK key");
  }
  pass("qe_report_signature");

  // The QE vouches for the attestation key: its report_data is SHA-256(key || auth data),
  // zero-padded to 64 bytes.
  Bytes bound(q.attestation_key.begin(), q.attestation_key.end());
  Append(bound, q.qe_auth_data);
  Sha256Digest expected = Sha256(ByteView(bound));
  ByteView rd = q.qe_report_data();
  bool binds = std::equal(expected.begin(), expected.end(), rd.begin()) &&
               std::all_of(rd.begin() + 32, rd.end(), [](uint8_t b) { return b == 0; });
  if (!binds) {
    return fail("qe_report_data",
                "the QE report does not bind the attestation key (report_data "
                "is not SHA-256(attestation key || QE auth data))");
  }
  pass("qe_report_data");

  auto att_key = EcPublicKey::FromRawPoint(EcCurve::kP256, q.attestation_key);
  if (!att_key.ok()) {
    return MakeError(ErrorCode::kBadInput,
                     source + ": attestation key: " + att_key.error().message);
  }
  ByteView sig(q.signature);
  if (!EcdsaVerify(*att_key, q.signed_part, sig.first(32), sig.subspan(32))) {
    return fail("quote_signature",
                "the quote's ECDSA P-256 signature over header and TD report "
                "does not verify under the attestation key");
  }
  pass("quote_signature");

  if (q.qe_vendor_id != kIntelQeVendorId) {
    return fail("qe_vendor_id", "the quote's QE vendor id " + HexEncode(q.qe_vendor_id) +
                                    " is not Intel's " + HexEncode(kIntelQeVendorId));
  }
  pass("qe_vendor_id");

  if (q.body.debug() && !expect.allow_debug) {
    return fail("debug",
                "the TD attributes have DEBUG (bit 0) set, so the host can read the "
                "TD's memory; refusing (pass --allow-debug to accept it)");
  }
  pass("debug", q.body.debug() ? kCheckAllowed : kCheckPassed);

  if (expect.mrtd) {
    if (*expect.mrtd != q.body.mrtd) {
      return fail("mrtd", "the quote's MRTD " + HexEncode(q.body.mrtd) + " is not the expected " +
                              HexEncode(*expect.mrtd));
    }
    pass("mrtd");
  } else {
    pass("mrtd", kCheckNotChecked);
  }
  if (expect.report_data) {
    if (*expect.report_data != q.body.report_data) {
      return fail("report_data", "the quote's report_data " + HexEncode(q.body.report_data) +
                                     " is not the expected " + HexEncode(*expect.report_data));
    }
    pass("report_data");
  } else {
    pass("report_data", kCheckNotChecked);
  }
  pass("tcb_status", kCheckNotChecked);
  pass("qe_identity", kCheckNotChecked);
  pass("crl", kCheckNotChecked);
  v.quote = std::move(q);
  return v;
}

}  // namespace cleanroom

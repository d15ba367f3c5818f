#include "enclave/tdx_quote.h"

#include <algorithm>

namespace cleanroom {
namespace {

// Reads fields in order and fails, naming the field, when one runs past the end.
class Cursor {
 public:
  Cursor(ByteView b, std::string source) : b_(b), source_(std::move(source)) {}

  Result<ByteView> Take(size_t n, const char* field) {
    if (n > b_.size() - at_) {
      return MakeError(ErrorCode::kBadInput, source_ + ": the quote ends inside " + field +
                                                 " (needs " + std::to_string(n) + " bytes at " +
                                                 std::to_string(at_) + ", has " +
                                                 std::to_string(b_.size() - at_) + ")");
    }
    ByteView out = b_.subspan(at_, n);
    at_ += n;
    return out;
  }
  Result<uint16_t> U16(const char* field) {
    CR_ASSIGN_OR_RETURN(ByteView v, Take(2, field));
    return static_cast<uint16_t>(v[0] | v[1] << 8);
  }
  Result<uint32_t> U32(const char* field) {
    CR_ASSIGN_OR_RETURN(ByteView v, Take(4, field));
    return uint32_t{v[0]} | uint32_t{v[1]} << 8 | uint32_t{v[2]} << 16 | uint32_t{v[3]} << 24;
  }
  template <size_t N>
  Status Into(std::array<uint8_t, N>& out, const char* field) {
    CR_ASSIGN_OR_RETURN(ByteView v, Take(N, field));
    std::copy(v.begin(), v.end(), out.begin());
    return Ok();
  }
  size_t at() const { return at_; }
  ByteView rest() const { return b_.subspan(at_); }

 private:
  ByteView b_;
  size_t at_ = 0;
  std::string source_;
};

Status ParseBody(Cursor& c, TdReportBody& t) {
  CR_RETURN_IF_ERROR(c.Into(t.tee_tcb_svn, "tee_tcb_svn"));
  CR_RETURN_IF_ERROR(c.Into(t.mr_seam, "mr_seam"));
  CR_RETURN_IF_ERROR(c.Into(t.mr_signer_seam, "mr_signer_seam"));
  CR_RETURN_IF_ERROR(c.Into(t.seam_attributes, "seam_attributes"));
  CR_RETURN_IF_ERROR(c.Into(t.td_attributes, "td_attributes"));
  CR_RETURN_IF_ERROR(c.Into(t.xfam, "xfam"));
  CR_RETURN_IF_ERROR(c.Into(t.mrtd, "mrtd"));
  CR_RETURN_IF_ERROR(c.Into(t.mr_config_id, "mr_config_id"));
  CR_RETURN_IF_ERROR(c.Into(t.mr_owner, "mr_owner"));
  CR_RETURN_IF_ERROR(c.Into(t.mr_owner_config, "mr_owner_config"));
  for (Digest48& r : t.rtmr) CR_RETURN_IF_ERROR(c.Into(r, "rtmr"));
  CR_RETURN_IF_ERROR(c.Into(t.report_data, "report_data"));
  if (!t.td15) return Ok();
  CR_RETURN_IF_ERROR(c.Into(t.tee_tcb_svn_2, "tee_tcb_svn_2"));
  return c.Into(t.mr_servicetd, "mr_servicetd");
}

}  // namespace

Result<TdxQuote> ParseTdxQuote(ByteView bytes, const std::string& source) {
  auto bad = [&source](const std::string& what) {
    return MakeError(ErrorCode::kBadInput, source + ": " + what);
  };
  Cursor c(bytes, source);
  TdxQuote q;
  CR_ASSIGN_OR_RETURN(q.version, c.U16("the header"));
  if (q.version != kTdxQuoteVersion4 && q.version != kTdxQuoteVersion5) {
    return bad("TDX quote version " + std::to_string(q.version) +
               " is not supported (versions 4 and 5 are)");
  }
  CR_ASSIGN_OR_RETURN(q.attestation_key_type, c.U16("the header"));
  if (q.attestation_key_type != kTdxAttestationKeyEcdsaP256) {
    return bad("attestation key type " + std::to_string(q.attestation_key_type) +
               " is not 2 (ECDSA P-256)");
  }
  CR_ASSIGN_OR_RETURN(q.tee_type, c.U32("the header"));
  if (q.tee_type != kTdxTeeType) {
    return bad("TEE type " + std::to_string(q.tee_type) + " is not 0x81 (TDX)");
  }
  CR_ASSIGN_OR_RETURN(q.qe_svn, c.U16("the header"));
  CR_ASSIGN_OR_RETURN(q.pce_svn, c.U16("the header"));
  CR_RETURN_IF_ERROR(c.Into(q.qe_vendor_id, "the header"));
  CR_RETURN_IF_ERROR(c.Into(q.user_data, "the header"));
  if (q.version == kTdxQuoteVersion5) {
    CR_ASSIGN_OR_RETURN(q.body_type, c.U16("the body descriptor"));
    CR_ASSIGN_OR_RETURN(uint32_t body_size, c.U32("the body descriptor"));
    if (q.body_type != kTdxBodyTd10 && q.body_type != kTdxBodyTd15) {
      return bad("TDX quote body type " + std::to_string(q.body_type) +
                 " is not 2 (TD 1.0) or 3 (TD 1.5)");
    }
    q.body.td15 = q.body_type == kTdxBodyTd15;
    size_t expected = q.body.td15 ? kTdReportBody15Size : kTdReportBody10Size;
    if (body_size != expected) {
      return bad("TDX quote body of type " + std::to_string(q.body_type) + " is " +
                 std::to_string(body_size) + " bytes, not " + std::to_string(expected));
    }
  }
  CR_RETURN_IF_ERROR(ParseBody(c, q.body));
  // Intel's QVL signs and verifies everything before the signature data length: in version 5
  // that includes the body descriptor.
  q.signed_part.assign(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(c.at()));

  CR_ASSIGN_OR_RETURN(uint32_t sig_len, c.U32("the signature data length"));
  CR_ASSIGN_OR_RETURN(ByteView sig_data, c.Take(sig_len, "the signature data"));
  for (uint8_t b : c.rest()) {
    if (b != 0) return bad("non-zero bytes follow the quote's signature data");
  }
  Cursor s(sig_data, source);
  CR_RETURN_IF_ERROR(s.Into(q.signature, "the quote signature"));
  CR_RETURN_IF_ERROR(s.Into(q.attestation_key, "the attestation key"));
  CR_ASSIGN_OR_RETURN(uint16_t cert_type, s.U16("the certification data"));
  if (cert_type != kCertDataQeReport) {
    return bad("certification data type " + std::to_string(cert_type) +
               " is not 6 (QE report certification data)");
  }
  CR_ASSIGN_OR_RETURN(uint32_t cert_len, s.U32("the certification data"));
  CR_ASSIGN_OR_RETURN(ByteView cert, s.Take(cert_len, "the certification data"));
  if (!s.rest().empty()) return bad("bytes follow the certification data");

  Cursor qe(cert, source);
  CR_ASSIGN_OR_RETURN(ByteView report, qe.Take(kSgxReportBodySize, "the QE report"));
  q.qe_report.assign(report.begin(), report.end());
  CR_RETURN_IF_ERROR(qe.Into(q.qe_report_signature, "the QE report signature"));
  CR_ASSIGN_OR_RETURN(uint16_t auth_len, qe.U16("the QE authentication data"));
  CR_ASSIGN_OR_RETURN(ByteView auth, qe.Take(auth_len, "the QE authentication data"));
  q.qe_auth_data.assign(auth.begin(), auth.end());
  CR_ASSIGN_OR_RETURN(uint16_t inner_type, qe.U16("the PCK certification data"));
  if (inner_type != kCertDataPckChain) {
    return bad("QE certification data type " + std::to_string(inner_type) +
               " is not 5 (PCK certificate chain)");
  }
  CR_ASSIGN_OR_RETURN(uint32_t pem_len, qe.U32("the PCK certification data"));
  CR_ASSIGN_OR_RETURN(ByteView pem, qe.Take(pem_len, "the PCK certificate chain"));
  if (!qe.rest().empty()) return bad("bytes follow the PCK certificate chain");
  q.pck_chain_pem.assign(AsChars(pem));
  return q;
}

}  // namespace cleanroom

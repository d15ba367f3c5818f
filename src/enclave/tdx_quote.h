// The Intel TDX quote, versions 4 and 5 (Intel "TDX DCAP Quoting Library API", appendix "Quote
// Format"): a 48-byte header; in version 4 the 584-byte TD 1.0 report body, in version 5 a body
// descriptor (type 2: TD 1.0, 584 bytes; type 3: TD 1.5, 648 bytes; a 2-byte type and 4-byte
// size) and that body; then the ECDSA quote signature data: the quote's P-256 signature by the
// attestation key, that key, and certification data of type 6 holding the Quoting Enclave's report,
// its signature by the PCK key, the QE authentication data and the PCK certificate chain (type 5,
// PEM). All integers little-endian. Parsing checks only the shape; tdx_verifier.h checks what the
// quote claims.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "common/bytes.h"
#include "common/error.h"

namespace cleanroom {

inline constexpr size_t kTdxHeaderSize = 48;
inline constexpr size_t kTdReportBody10Size = 584;
inline constexpr size_t kTdReportBody15Size = 648;  // TD 1.0 + tee_tcb_svn_2 + mr_servicetd
inline constexpr uint16_t kTdxBodyTd10 = 2;
inline constexpr uint16_t kTdxBodyTd15 = 3;
inline constexpr size_t kSgxReportBodySize = 384;  // the QE report
inline constexpr uint16_t kTdxQuoteVersion4 = 4;
inline constexpr uint16_t kTdxQuoteVersion5 = 5;
inline constexpr uint16_t kTdxAttestationKeyEcdsaP256 = 2;
inline constexpr uint32_t kTdxTeeType = 0x81;
inline constexpr uint16_t kCertDataQeReport = 6;
inline constexpr uint16_t kCertDataPckChain = 5;
// TD attributes bit 0: the TD is debuggable (the host can read and write its memory).
inline constexpr uint8_t kTdAttributesDebug = 0x01;

using Digest48 = std::array<uint8_t, 48>;

struct TdReportBody {
  std::array<uint8_t, 16> tee_tcb_svn{};
  Digest48 mr_seam{};
  Digest48 mr_signer_seam{};
  std::array<uint8_t, 8> seam_attributes{};
  std::array<uint8_t, 8> td_attributes{};
  std::array<uint8_t, 8> xfam{};
  Digest48 mrtd{};
  Digest48 mr_config_id{};
  Digest48 mr_owner{};
  Digest48 mr_owner_config{};
  std::array<Digest48, 4> rtmr{};
  std::array<uint8_t, 64> report_data{};
  // TD 1.5 bodies (version 5, body type 3) only; zero otherwise.
  bool td15 = false;
  std::array<uint8_t, 16> tee_tcb_svn_2{};
  Digest48 mr_servicetd{};

  bool debug() const { return (td_attributes[0] & kTdAttributesDebug) != 0; }
};

struct TdxQuote {
  uint16_t version = 0;
  uint16_t attestation_key_type = 0;
  uint32_t tee_type = 0;
  uint16_t qe_svn = 0;
  uint16_t pce_svn = 0;
  std::array<uint8_t, 16> qe_vendor_id{};
  std::array<uint8_t, 20> user_data{};
  uint16_t body_type = kTdxBodyTd10;  // version 5's descriptor; TD 1.0 for version 4
  TdReportBody body;
  Bytes signed_part;  // header [|| descriptor] || body: what the quote signature covers
  std::array<uint8_t, 64> signature{};            // r || s, big-endian, P-256
  std::array<uint8_t, 64> attestation_key{};      // x || y, big-endian, P-256
  Bytes qe_report;                                // 384 bytes, an SGX report body
  std::array<uint8_t, 64> qe_report_signature{};  // r || s by the PCK key
  Bytes qe_auth_data;
  std::string pck_chain_pem;  // PCK leaf, intermediate CA, root, as the quote carries them

  // The QE report's report_data (its last 64 bytes).
  ByteView qe_report_data() const { return ByteView(qe_report).subspan(320, 64); }
};

// kBadInput "SOURCE: ..." for a version other than 4 or 5, a body type other than TD 1.0 or 1.5
// or of the wrong size, another attestation key or TEE type,
// certification data of another type, a length that runs past the end, or non-zero bytes
// after the quote (zero padding, as quote buffers come, is accepted).
Result<TdxQuote> ParseTdxQuote(ByteView bytes, const std::string& source);

}  // namespace cleanroom

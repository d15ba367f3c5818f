#include "enclave/snp_report.h"

#include <algorithm>

namespace cleanroom {
namespace {

uint32_t U32(ByteView b, size_t at) {
  return uint32_t{b[at]} | uint32_t{b[at + 1]} << 8 | uint32_t{b[at + 2]} << 16 |
         uint32_t{b[at + 3]} << 24;
}
uint64_t U64(ByteView b, size_t at) {
  return uint64_t{U32(b, at)} | uint64_t{U32(b, at + 4)} << 32;
}

template <size_t N>
void Copy(ByteView b, size_t at, std::array<uint8_t, N>& out) {
  std::copy_n(b.begin() + static_cast<std::ptrdiff_t>(at), N, out.begin());
}

}  // namespace

SnpTcb DecodeSnpTcb(uint64_t raw, bool turin_layout) {
  auto byte = [raw](int i) { return static_cast<uint8_t>(raw >> (8 * i)); };
  SnpTcb t;
  if (turin_layout) {
    t.has_fmc = true;
    t.fmc = byte(0);
    t.bootloader = byte(1);
    t.tee = byte(2);
    t.snp = byte(3);
  } else {
    t.bootloader = byte(0);
    t.tee = byte(1);
    t.snp = byte(6);
  }
  t.microcode = byte(7);
  return t;
}

Result<SnpReport> ParseSnpReport(ByteView b, const std::string& source) {
  if (b.size() != kSnpReportSize) {
    return MakeError(ErrorCode::kBadInput, source + ": an SEV-SNP report is " +
                                               std::to_string(kSnpReportSize) + " bytes, not " +
                                               std::to_string(b.size()));
  }
  SnpReport r;
  r.version = U32(b, 0x00);
  if (r.version < kSnpMinVersion || r.version > kSnpMaxVersion) {
    return MakeError(ErrorCode::kBadInput, source + ": SEV-SNP report version " +
                                               std::to_string(r.version) +
                                               " is not supported (versions 2 to 5 are)");
  }
  r.guest_svn = U32(b, 0x04);
  r.policy = U64(b, 0x08);
  Copy(b, 0x10, r.family_id);
  Copy(b, 0x20, r.image_id);
  r.vmpl = U32(b, 0x30);
  r.signature_algo = U32(b, 0x34);
  if (r.signature_algo != kSnpSignatureAlgoEcdsaP384Sha384) {
    return MakeError(ErrorCode::kBadInput, source + ": signature_algo " +
                                               std::to_string(r.signature_algo) +
                                               " is not 1 (ECDSA P-384 with SHA-384)");
  }
  r.current_tcb = U64(b, 0x38);
  r.platform_info = U64(b, 0x40);
  r.key_info = U32(b, 0x48);
  Copy(b, 0x50, r.report_data);
  Copy(b, 0x90, r.measurement);
  Copy(b, 0xC0, r.host_data);
  Copy(b, 0xE0, r.id_key_digest);
  Copy(b, 0x110, r.author_key_digest);
  Copy(b, 0x140, r.report_id);
  Copy(b, 0x160, r.report_id_ma);
  r.reported_tcb = U64(b, 0x180);
  if (r.version >= 3) {
    r.cpuid_fam_id = b[0x188];
    r.cpuid_mod_id = b[0x189];
    r.cpuid_step = b[0x18A];
  }
  Copy(b, 0x1A0, r.chip_id);
  r.committed_tcb = U64(b, 0x1E0);
  r.launch_tcb = U64(b, 0x1F0);
  Copy(b, 0x2A0, r.signature_r);
  Copy(b, 0x2A0 + kSnpSignatureComponent, r.signature_s);
  r.raw.assign(b.begin(), b.end());
  return r;
}

}  // namespace cleanroom

// The AMD SEV-SNP attestation report (AMD SEV-SNP ABI specification, publication 56860,
// "ATTESTATION_REPORT structure", report versions 2 to 5): 1184 bytes, little-endian fields,
// signed by the VCEK with ECDSA P-384 / SHA-384 over bytes [0, 0x2A0). Parsing checks only the
// shape (size, version, signature algorithm); snp_verifier.h checks what the report claims.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "common/bytes.h"
#include "common/error.h"

namespace cleanroom {

inline constexpr size_t kSnpReportSize = 0x4A0;       // 1184
inline constexpr size_t kSnpSignedSize = 0x2A0;       // what the signature covers
inline constexpr size_t kSnpSignatureComponent = 72;  // r and s, each little-endian, zero-padded
inline constexpr uint32_t kSnpMinVersion = 2;
inline constexpr uint32_t kSnpMaxVersion = 5;
inline constexpr uint32_t kSnpSignatureAlgoEcdsaP384Sha384 = 1;

// Guest policy bits (ABI spec, "GUEST_POLICY").
inline constexpr uint64_t kSnpPolicySmt = uint64_t{1} << 16;
inline constexpr uint64_t kSnpPolicyMigrateMa = uint64_t{1} << 18;
inline constexpr uint64_t kSnpPolicyDebug = uint64_t{1} << 19;

// A TCB_VERSION decoded. Milan and Genoa lay it out as boot loader (byte 0), TEE (1), SNP (6),
// microcode (7); Turin as FMC (0), boot loader (1), TEE (2), SNP (3), microcode (7).
struct SnpTcb {
  bool has_fmc = false;  // Turin
  uint8_t fmc = 0;
  uint8_t bootloader = 0;
  uint8_t tee = 0;
  uint8_t snp = 0;
  uint8_t microcode = 0;
  bool operator==(const SnpTcb&) const = default;
};
SnpTcb DecodeSnpTcb(uint64_t raw, bool turin_layout);

struct SnpReport {
  uint32_t version = 0;
  uint32_t guest_svn = 0;
  uint64_t policy = 0;
  std::array<uint8_t, 16> family_id{};
  std::array<uint8_t, 16> image_id{};
  uint32_t vmpl = 0;
  uint32_t signature_algo = 0;
  uint64_t current_tcb = 0;
  uint64_t platform_info = 0;
  uint32_t key_info = 0;  // bit 0 AUTHOR_KEY_EN, bit 1 MASK_CHIP_KEY, bits 4:2 SIGNING_KEY
  std::array<uint8_t, 64> report_data{};
  std::array<uint8_t, 48> measurement{};
  std::array<uint8_t, 32> host_data{};
  std::array<uint8_t, 48> id_key_digest{};
  std::array<uint8_t, 48> author_key_digest{};
  std::array<uint8_t, 32> report_id{};
  std::array<uint8_t, 32> report_id_ma{};
  uint64_t reported_tcb = 0;
  uint8_t cpuid_fam_id = 0, cpuid_mod_id = 0, cpuid_step = 0;  // version 3 and later; else 0
  std::array<uint8_t, 64> chip_id{};
  uint64_t committed_tcb = 0;
  uint64_t launch_tcb = 0;
  std::array<uint8_t, kSnpSignatureComponent> signature_r{};  // little-endian, as in the report
  std::array<uint8_t, kSnpSignatureComponent> signature_s{};
  Bytes raw;  // all 1184 bytes; the signature covers raw[0, kSnpSignedSize)

  bool debug() const { return (policy & kSnpPolicyDebug) != 0; }
  bool migrate_ma() const { return (policy & kSnpPolicyMigrateMa) != 0; }
  bool mask_chip_key() const { return (key_info & 2) != 0; }
  // 0: VCEK, 1: VLEK, 7: none.
  uint32_t signing_key() const { return (key_info >> 2) & 7; }
};

// kBadInput "SOURCE: ..." for a wrong size, a version outside 2..5 or a signature algorithm
// other than ECDSA P-384 with SHA-384.
Result<SnpReport> ParseSnpReport(ByteView bytes, const std::string& source);

}  // namespace cleanroom

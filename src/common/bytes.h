// Byte strings: owned (Bytes) and borrowed (ByteView), and helpers to move between
// them and text. Not for secrets: a secret lives in crypto/secret_bytes.h, which wipes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cleanroom {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

inline ByteView AsBytes(std::string_view s) {
  return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
inline std::string_view AsChars(ByteView b) {
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}
inline Bytes ToBytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

// Appends `more` to `out`.
inline void Append(Bytes& out, ByteView more) { out.insert(out.end(), more.begin(), more.end()); }

// Big-endian fixed-width integers, for length prefixes and AAD encodings.
inline void AppendU32BE(Bytes& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
}
inline void AppendU64BE(Bytes& out, uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
}
inline uint32_t ReadU32BE(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
inline uint64_t ReadU64BE(const uint8_t* p) {
  return (uint64_t{ReadU32BE(p)} << 32) | uint64_t{ReadU32BE(p + 4)};
}

}  // namespace cleanroom

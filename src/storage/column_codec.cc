#include "storage/column_codec.h"

#include <bit>
#include <cstring>
#include <string_view>
#include <unordered_map>

namespace cleanroom {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the bundle format is little-endian; add byte swapping for this platform");

constexpr uint8_t kVersion = 1;
enum Encoding : uint8_t {
  kInt64 = 1,
  kBoolByte = 2,
  kFingerprint = 3,
  kStringPlain = 4,
  kStringDict = 5,
};

void PutBlob(Bytes& out, const void* p, size_t n) {
  size_t at = out.size();
  out.resize(at + n);
  if (n > 0) std::memcpy(out.data() + at, p, n);
}

void PutU32(Bytes& out, uint32_t v) { PutBlob(out, &v, sizeof v); }

// Offsets (count + 1 of them, starting at 0) then the bytes of `values`.
template <typename Strings>
void PutOffsetsAndBytes(Bytes& out, const Strings& values) {
  uint32_t offset = 0;
  PutU32(out, offset);
  for (const auto& v : values) {
    offset += static_cast<uint32_t>(v.size());
    PutU32(out, offset);
  }
  for (const auto& v : values) PutBlob(out, v.data(), v.size());
}

Encoding EncodingFor(const ColumnVector& c) {
  if (c.is_identifier) return kFingerprint;
  switch (c.type) {
    case ColumnType::kBool:
      return kBoolByte;
    case ColumnType::kString:
      return kStringPlain;
    case ColumnType::kInt:
    case ColumnType::kDecimal:
    case ColumnType::kDate:
      break;
  }
  return kInt64;
}

// Reads the buffer front to back; every read is bounds-checked.
class Cursor {
 public:
  explicit Cursor(ByteView b) : b_(b) {}
  bool Take(size_t n, const uint8_t** p) {
    if (n > b_.size() - pos_) return false;
    *p = b_.data() + pos_;
    pos_ += n;
    return true;
  }
  bool U8(uint8_t* v) {
    const uint8_t* p;
    if (!Take(1, &p)) return false;
    *v = *p;
    return true;
  }
  bool U32(uint32_t* v) {
    const uint8_t* p;
    if (!Take(4, &p)) return false;
    std::memcpy(v, p, 4);
    return true;
  }
  bool AtEnd() const { return pos_ == b_.size(); }

 private:
  ByteView b_;
  size_t pos_ = 0;
};

Error Malformed(const ColumnShape& shape, const std::string& what) {
  return MakeError(ErrorCode::kIntegrity,
                   "column '" + shape.name + "': malformed chunk (" + what + ")");
}

// Reads count+1 offsets and the bytes they index into `strings` (views into the buffer).
bool ReadOffsetsAndBytes(Cursor& cur, size_t count, std::vector<std::string_view>& strings) {
  const uint8_t* offs;
  if (count > (SIZE_MAX / 4) - 1 || !cur.Take((count + 1) * 4, &offs)) return false;
  uint32_t first;
  std::memcpy(&first, offs, 4);
  if (first != 0) return false;
  uint32_t last;
  std::memcpy(&last, offs + count * 4, 4);
  const uint8_t* bytes;
  if (!cur.Take(last, &bytes)) return false;
  strings.resize(count);
  uint32_t prev = 0;
  for (size_t i = 0; i < count; ++i) {
    uint32_t next;
    std::memcpy(&next, offs + (i + 1) * 4, 4);
    if (next < prev || next > last) return false;
    strings[i] = std::string_view(reinterpret_cast<const char*>(bytes) + prev, next - prev);
    prev = next;
  }
  return true;
}

}  // namespace

void EncodeColumn(const ColumnVector& c, Bytes& out) {
  const size_t n = c.valid.size();
  Encoding enc = EncodingFor(c);
  // Strings: a dictionary pays when values repeat (campaign ids, countries); give up on it
  // as soon as more than half the values are distinct.
  std::vector<std::string_view> dict_entries;
  std::vector<uint32_t> dict_index;
  if (enc == kStringPlain && n >= 16) {
    std::unordered_map<std::string_view, uint32_t> dict;
    dict_index.assign(n, 0);
    bool use_dict = true;
    for (size_t i = 0; i < n && use_dict; ++i) {
      if (!c.valid[i]) continue;
      auto [it, inserted] =
          dict.try_emplace(c.strings[i], static_cast<uint32_t>(dict_entries.size()));
      if (inserted) {
        dict_entries.push_back(c.strings[i]);
        use_dict = dict_entries.size() <= n / 2;
      }
      dict_index[i] = it->second;
    }
    if (use_dict) enc = kStringDict;
  }

  out.push_back(kVersion);
  out.push_back(enc);
  PutU32(out, static_cast<uint32_t>(n));
  size_t bitmap_at = out.size();
  out.resize(bitmap_at + (n + 7) / 8, 0);
  for (size_t i = 0; i < n; ++i) {
    if (c.valid[i]) out[bitmap_at + i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  }
  switch (enc) {
    case kInt64:
      PutBlob(out, c.ints.data(), n * sizeof(int64_t));
      break;
    case kBoolByte: {
      size_t at = out.size();
      out.resize(at + n);
      for (size_t i = 0; i < n; ++i) out[at + i] = c.ints[i] != 0 ? 1 : 0;
      break;
    }
    case kFingerprint:
      PutBlob(out, c.fingerprints.data(), n * sizeof(Fingerprint));
      break;
    case kStringPlain:
      PutOffsetsAndBytes(out, c.strings);
      break;
    case kStringDict:
      PutU32(out, static_cast<uint32_t>(dict_entries.size()));
      PutOffsetsAndBytes(out, dict_entries);
      PutBlob(out, dict_index.data(), n * sizeof(uint32_t));
      break;
  }
}

Result<ColumnVector> DecodeColumn(ByteView encoded, const ColumnShape& shape, uint64_t rows) {
  Cursor cur(encoded);
  uint8_t version, enc;
  uint32_t n;
  if (!cur.U8(&version) || !cur.U8(&enc) || !cur.U32(&n)) return Malformed(shape, "truncated");
  if (version != kVersion) return Malformed(shape, "unknown version " + std::to_string(version));
  if (n != rows) {
    return Malformed(
        shape, "holds " + std::to_string(n) + " rows, the manifest says " + std::to_string(rows));
  }
  ColumnVector c;
  c.name = shape.name;
  c.type = shape.type;
  c.is_identifier = shape.is_identifier;
  ColumnVector probe;
  probe.type = shape.type;
  probe.is_identifier = shape.is_identifier;
  Encoding expected = EncodingFor(probe);
  bool enc_ok = enc == expected || (expected == kStringPlain && enc == kStringDict);
  if (!enc_ok) return Malformed(shape, "encoding " + std::to_string(enc) + " for this type");

  const uint8_t* bitmap;
  if (!cur.Take((n + 7) / 8, &bitmap)) return Malformed(shape, "truncated null bitmap");
  c.valid.resize(n);
  for (size_t i = 0; i < n; ++i) c.valid[i] = (bitmap[i / 8] >> (i % 8)) & 1;

  switch (enc) {
    case kInt64: {
      const uint8_t* p;
      if (!cur.Take(size_t{n} * 8, &p)) return Malformed(shape, "truncated values");
      c.ints.resize(n);
      if (n > 0) std::memcpy(c.ints.data(), p, size_t{n} * 8);
      for (size_t i = 0; i < n; ++i) {
        if (!c.valid[i]) c.ints[i] = 0;
      }
      break;
    }
    case kBoolByte: {
      const uint8_t* p;
      if (!cur.Take(n, &p)) return Malformed(shape, "truncated values");
      c.ints.resize(n);
      for (size_t i = 0; i < n; ++i) {
        if (p[i] > 1) return Malformed(shape, "bool value " + std::to_string(p[i]));
        c.ints[i] = c.valid[i] ? p[i] : 0;
      }
      break;
    }
    case kFingerprint: {
      const uint8_t* p;
      if (!cur.Take(size_t{n} * 32, &p)) return Malformed(shape, "truncated fingerprints");
      c.fingerprints.resize(n);
      if (n > 0) std::memcpy(c.fingerprints.data(), p, size_t{n} * 32);
      for (size_t i = 0; i < n; ++i) {
        if (!c.valid[i]) c.fingerprints[i] = Fingerprint{};
      }
      break;
    }
    case kStringPlain: {
      std::vector<std::string_view> values;
      if (!ReadOffsetsAndBytes(cur, n, values)) return Malformed(shape, "bad string offsets");
      c.strings.resize(n);
      for (size_t i = 0; i < n; ++i) {
        if (c.valid[i]) c.strings[i].assign(values[i]);
      }
      break;
    }
    case kStringDict: {
      uint32_t count;
      std::vector<std::string_view> entries;
      if (!cur.U32(&count) || count > n || !ReadOffsetsAndBytes(cur, count, entries)) {
        return Malformed(shape, "bad dictionary");
      }
      const uint8_t* p;
      if (!cur.Take(size_t{n} * 4, &p)) return Malformed(shape, "truncated dictionary indexes");
      c.strings.resize(n);
      for (size_t i = 0; i < n; ++i) {
        if (!c.valid[i]) continue;
        uint32_t k;
        std::memcpy(&k, p + i * 4, 4);
        if (k >= count) return Malformed(shape, "dictionary index out of range");
        c.strings[i].assign(entries[k]);
      }
      break;
    }
    default:
      return Malformed(shape, "unknown encoding");
  }
  if (!cur.AtEnd()) return Malformed(shape, "trailing bytes");
  return c;
}

}  // namespace cleanroom

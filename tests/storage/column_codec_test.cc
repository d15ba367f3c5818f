#include "storage/column_codec.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

ColumnVector Ints(ColumnType type, std::vector<int64_t> values, std::vector<uint8_t> valid) {
  ColumnVector c;
  c.name = "x";
  c.type = type;
  c.ints = std::move(values);
  c.valid = std::move(valid);
  return c;
}

ColumnVector Strings(std::vector<std::string> values, std::vector<uint8_t> valid) {
  ColumnVector c;
  c.name = "s";
  c.type = ColumnType::kString;
  c.strings = std::move(values);
  c.valid = std::move(valid);
  return c;
}

ColumnVector RoundTrip(const ColumnVector& c) {
  Bytes b;
  EncodeColumn(c, b);
  Result<ColumnVector> d = DecodeColumn(b, ColumnShape{c.name, c.type, c.is_identifier}, c.size());
  EXPECT_TRUE(d.ok()) << d.error().message;
  return d.ok() ? d.value() : ColumnVector{};
}

void ExpectSame(const ColumnVector& a, const ColumnVector& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.is_identifier, b.is_identifier);
  EXPECT_EQ(a.valid, b.valid);
  EXPECT_EQ(a.ints, b.ints);
  EXPECT_EQ(a.strings, b.strings);
  EXPECT_EQ(a.fingerprints, b.fingerprints);
}

TEST(ColumnCodec, IntsDecimalsDatesBoolsRoundTrip) {
  ExpectSame(RoundTrip(Ints(ColumnType::kInt, {INT64_MIN, -1, 0, 0, INT64_MAX}, {1, 1, 1, 0, 1})),
             Ints(ColumnType::kInt, {INT64_MIN, -1, 0, 0, INT64_MAX}, {1, 1, 1, 0, 1}));
  ExpectSame(RoundTrip(Ints(ColumnType::kDecimal, {755000, -50000}, {1, 1})),
             Ints(ColumnType::kDecimal, {755000, -50000}, {1, 1}));
  ExpectSame(RoundTrip(Ints(ColumnType::kDate, {20373, 0, -1}, {1, 0, 1})),
             Ints(ColumnType::kDate, {20373, 0, -1}, {1, 0, 1}));
  ExpectSame(RoundTrip(Ints(ColumnType::kBool, {1, 0, 0}, {1, 1, 0})),
             Ints(ColumnType::kBool, {1, 0, 0}, {1, 1, 0}));
  ExpectSame(RoundTrip(Ints(ColumnType::kInt, {}, {})), Ints(ColumnType::kInt, {}, {}));
}

TEST(ColumnCodec, PlainAndDictionaryStringsRoundTrip) {
  ColumnVector few = Strings({"a", "", "b\xC3\xA9", "", "x,y\"z\n"}, {1, 0, 1, 1, 1});
  ExpectSame(RoundTrip(few), few);
  std::vector<std::string> many;
  std::vector<uint8_t> valid;
  for (int i = 0; i < 1000; ++i) {
    many.push_back(i % 7 == 0 ? "" : "campaign_" + std::to_string(i % 3));
    valid.push_back(i % 7 == 0 ? 0 : 1);
  }
  ColumnVector repeated = Strings(many, valid);
  Bytes dict_bytes, plain_bytes;
  EncodeColumn(repeated, dict_bytes);
  EXPECT_EQ(dict_bytes[1], 5) << "repeated values use a dictionary";
  EXPECT_LT(dict_bytes.size(), 1000u * 4 + 200);
  ExpectSame(RoundTrip(repeated), repeated);
  for (int i = 0; i < 1000; ++i) many[i] = "unique_" + std::to_string(i);
  ColumnVector distinct = Strings(many, std::vector<uint8_t>(1000, 1));
  EncodeColumn(distinct, plain_bytes);
  EXPECT_EQ(plain_bytes[1], 4) << "distinct values are stored plain";
  ExpectSame(RoundTrip(distinct), distinct);
}

TEST(ColumnCodec, FingerprintsRoundTrip) {
  ColumnVector c;
  c.name = "email";
  c.is_identifier = true;
  Fingerprint f1{}, f2{};
  f1.fill(0xab);
  f2[31] = 7;
  c.fingerprints = {f1, Fingerprint{}, f2};
  c.valid = {1, 0, 1};
  ExpectSame(RoundTrip(c), c);
}

TEST(ColumnCodec, MalformedBuffersAreIntegrityErrors) {
  ColumnVector c = Strings({"alpha", "beta"}, {1, 1});
  Bytes good;
  EncodeColumn(c, good);
  ColumnShape shape{"s", ColumnType::kString, false};
  auto error_of = [&](const Bytes& b, uint64_t rows) {
    Result<ColumnVector> d = DecodeColumn(b, shape, rows);
    if (d.ok()) return std::string("(decoded)");
    EXPECT_EQ(d.error().code, ErrorCode::kIntegrity);
    return d.error().message;
  };
  EXPECT_EQ(error_of(good, 3), "column 's': malformed chunk (holds 2 rows, the manifest says 3)");
  for (size_t cut = 0; cut < good.size(); ++cut) {
    Bytes shorter(good.begin(), good.begin() + cut);
    EXPECT_NE(error_of(shorter, 2), "(decoded)") << "cut at " << cut;
  }
  Bytes longer = good;
  longer.push_back(0);
  EXPECT_EQ(error_of(longer, 2), "column 's': malformed chunk (trailing bytes)");
  Bytes version = good;
  version[0] = 9;
  EXPECT_EQ(error_of(version, 2), "column 's': malformed chunk (unknown version 9)");
  Bytes wrong_type;
  EncodeColumn(Ints(ColumnType::kInt, {1, 2}, {1, 1}), wrong_type);
  EXPECT_EQ(error_of(wrong_type, 2), "column 's': malformed chunk (encoding 1 for this type)");
  Bytes offsets = good;
  offsets[7 + 4] = 0xff;  // second offset far past the data
  EXPECT_EQ(error_of(offsets, 2), "column 's': malformed chunk (bad string offsets)");
}

}  // namespace
}  // namespace cleanroom

#include "common/canonical_json.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>

namespace cleanroom {
namespace {

// RFC 8785 section 3.2.2 example.
TEST(CanonicalJson, Rfc8785Example) {
  std::string input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  std::string want =
      "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
      "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
  EXPECT_EQ(*CanonicalJson(Json::parse(input)), want);
}

// RFC 8785 section 3.2.3: members sorted by UTF-16 code units (the emoji's surrogates sort
// before U+FB33 although its code point is larger).
TEST(CanonicalJson, SortsByUtf16CodeUnits) {
  std::string input =
      R"({"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"})";
  std::string got = *CanonicalJson(Json::parse(input));
  std::vector<std::string> order = {"Carriage Return", "One",   "Control", "Latin Small",
                                    "Euro Sign",       "Emoji", "Hebrew"};
  size_t pos = 0;
  for (const auto& name : order) {
    size_t at = got.find(name, pos);
    ASSERT_NE(at, std::string::npos) << name << " out of order in " << got;
    pos = at;
  }
}

double FromBits(uint64_t bits) { return std::bit_cast<double>(bits); }

// RFC 8785 appendix B: IEEE 754 bit patterns and their canonical text.
TEST(CanonicalJson, Rfc8785NumberVectors) {
  const std::pair<uint64_t, const char*> cases[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
  };
  for (auto [bits, text] : cases) EXPECT_EQ(EcmaScriptNumber(FromBits(bits)), text) << text;
}

TEST(CanonicalJson, ReformattedDocumentsCanonicaliseTheSame) {
  auto a = CanonicalJson(Json::parse(R"({"b": [1, 2.0, 3e0], "a": {"y": true, "x": null}})"));
  auto b = CanonicalJson(Json::parse("{\"a\":{\"x\":null,\n\"y\":true},\"b\":[1.0,2,0.3e1]}"));
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, R"({"a":{"x":null,"y":true},"b":[1,2,3]})");
}

}  // namespace
}  // namespace cleanroom

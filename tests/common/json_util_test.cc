#include "common/json_util.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

TEST(JsonUtil, ParseErrorNamesLineAndColumn) {
  auto r = ParseJson("{\n  \"a\": 1,\n  \"b\": ]\n}", "p.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(r.error().message.substr(0, 14), "p.json:3:8: in");
}

TEST(JsonUtil, ParseErrorIsExact) {
  auto r = ParseJson("{\"a\": tru}", "p.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "p.json:1:10: invalid JSON: syntax error while parsing value - invalid literal; last "
            "read: '\"a\": tru}'");
}

TEST(JsonUtil, ARepeatedKeyIsRefusedWhereItRepeats) {
  // nlohmann keeps the last value: a signer reading the first would sign something else.
  auto r = ParseJson("{\n  \"k_min\": 10,\n  \"k_min\": 1\n}", "policy.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(r.error().message, "policy.json:3:3: duplicate key \"k_min\"");
}

TEST(JsonUtil, AKeyRepeatedThroughAnEscapeIsTheSameKey) {
  auto r =
      ParseJson(R"({"a": {"rows": [1], "r\u006fws": [2]}})", "result.json", ErrorCode::kIntegrity);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(r.error().message, "result.json:1:21: duplicate key \"rows\"");
}

TEST(JsonUtil, TheSameKeyInDifferentObjectsAndStringValuesLikeKeysAreFine) {
  auto r = ParseJson(R"({"a": {"x": 1}, "b": {"x": 2}, "c": ["x", "x", {"x": "a,\"x\""}],)"
                     R"( "d": "x", "x": {"}": "{"}})",
                     "p.json");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->at("b").at("x"), 2);
  EXPECT_EQ(r->at("x").at("}"), "{");
}

TEST(JsonUtil, NestingIsLimited) {
  std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(ParseJson(ok, "p.json").ok());
  std::string deep =
      "{\"a\": " + std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']') + "}";
  auto r = ParseJson(deep, "p.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "p.json:1:70: nested deeper than 64 levels");
  EXPECT_TRUE(ParseJson(deep, "p.json", JsonParseOptions{.max_depth = 65}).ok());
}

TEST(JsonUtil, FiftyThousandLevelsAreRefusedWithoutCrashing) {
  std::string deep = std::string(50000, '[') + std::string(50000, ']');
  auto r = ParseJson(deep, "line");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "line:1:65: nested deeper than 64 levels");
  auto cut = ParseJson(std::string(50000, '{'), "line");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().message,
            "line:1:2: invalid JSON: syntax error while parsing object key - unexpected '{'; "
            "expected string literal");
}

TEST(JsonUtil, PositionsCanStartOnALaterLine) {
  auto r = ParseJson(R"({"a": 1, "a": 2})", "audit.jsonl",
                     JsonParseOptions{.code = ErrorCode::kIntegrity, .first_line = 7});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "audit.jsonl:7:10: duplicate key \"a\"");
}

TEST(JsonUtil, ParseJsonObjectNamesWhatItFound) {
  auto r = ParseJsonObject("[1]", "OCALL", ErrorCode::kIntegrity);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "OCALL: expected a JSON object, found an array");
  EXPECT_TRUE(ParseJsonObject("{}", "OCALL").ok());
}

TEST(JsonUtil, ControlCharactersInParseErrorsAreEscaped) {
  auto r = ParseJson("{\"a\": \"x\x01\"}", "p.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find('\x01'), std::string::npos) << r.error().message;
}

TEST(JsonUtil, ANulByteIsRefusedWhereItIs) {
  // nlohmann would stop at the NUL and accept the first document alone (found by
  // fuzz/policy_fuzz: the key scan then read past what nlohmann had checked).
  const std::string text("{\"k_min\": 10}\0{\"k_min\": 1}", 27);
  auto r = ParseJson(text, "policy.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "policy.json:1:14: invalid JSON: a NUL byte (JSON text cannot contain one)");
  auto inside = ParseJson(std::string("{\"kind\0\": 1}", 13), "plan");
  ASSERT_FALSE(inside.ok());
  EXPECT_EQ(inside.error().message,
            "plan:1:7: invalid JSON: a NUL byte (JSON text cannot contain one)");
}

TEST(JsonUtil, ReaderNamesThePath) {
  Json j = Json::parse(R"({"x": {"name": 5, "n": 1.5, "k": "a"}})");
  JsonReader rd("p.json", ErrorCode::kBadInput);
  const Json& x = j.at("x");
  EXPECT_EQ(rd.String(x, "x", "name").error().message,
            "p.json: x.name: expected a string, found a number");
  EXPECT_EQ(rd.Integer(x, "x", "n").error().message,
            "p.json: x.n: expected an integer, found a number");
  EXPECT_EQ(rd.Number(x, "x", "missing").error().message,
            "p.json: x.missing: missing; expected a number");
  EXPECT_EQ(rd.OnlyKeys(x, "x", {"name", "n"}).error().message,
            "p.json: x.k: unknown field; expected one of: name, n");
  EXPECT_EQ(*rd.Number(x, "x", "n"), 1.5);
}

TEST(JsonUtil, IndexTakesOnlyNonNegativeIntegers) {
  Json j = Json::parse(R"({"a": 3, "b": -1, "c": 1.5, "d": "2", "e": 18446744073709551615})");
  JsonReader rd("OCALL", ErrorCode::kIntegrity);
  EXPECT_EQ(*rd.Index(j, "", "a"), 3u);
  EXPECT_EQ(rd.Index(j, "", "b").error().message,
            "OCALL: b: expected an integer >= 0, found the number -1");
  EXPECT_EQ(rd.Index(j, "", "c").error().message,
            "OCALL: c: expected an integer >= 0, found the number 1.5");
  EXPECT_EQ(rd.Index(j, "", "d").error().message,
            "OCALL: d: expected an integer >= 0, found a string");
  EXPECT_EQ(rd.Index(j, "", "e").error().message,
            "OCALL: e: expected an integer >= 0, found the number 18446744073709551615");
  EXPECT_EQ(rd.Index(j, "", "f").error().message, "OCALL: f: missing; expected an integer >= 0");
  EXPECT_EQ(rd.IsObject(j.at("a"), "a").error().message,
            "OCALL: a: expected an object, found a number");
}

}  // namespace
}  // namespace cleanroom

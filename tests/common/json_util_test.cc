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

}  // namespace
}  // namespace cleanroom

// Mutation robustness of the policy reader: the JSON text of valid policies, mutated
// deterministically, must load or be refused with kBadInput on one line — never crash, throw
// or hang — and the JSON helpers (ParseJson, JsonReader) keep the same promise.
#include <gtest/gtest.h>

#include "common/json_util.h"
#include "policy/policy.h"
#include "policy/policy_fixture.h"
#include "support/mutator.h"

namespace cleanroom {
namespace {

using mutation::ErrorProblem;
using mutation::Mutator;
using mutation::Printable;

Ed25519PublicKey FixedKey(uint8_t fill) {
  Bytes seed(32, fill);
  return Ed25519KeyPair::FromSeed(seed)->public_key();
}

const std::vector<std::string>& Seeds() {
  static const std::vector<std::string> seeds = [] {
    Json a = testing::ContractPolicy(FixedKey(1), FixedKey(2));
    Json b = a;
    b["privacy"]["dp"] = nullptr;
    b["privacy"]["k_min"] = 1;
    b["datasets"]["purchases"]["k_min"] = 5;
    b["datasets"]["purchases"]["columns"][3].erase("bounds");
    Json c = a;
    c["enclave"]["allow_simulated"] = false;
    c["datasets"]["exposures"]["columns"][1]["normalize"] = "phone";
    c["datasets"]["purchases"]["columns"][3]["bounds"] = {-1.5, 1e6};
    c["analysts"].push_back("newsnow");
    return std::vector<std::string>{a.dump(2), b.dump(), c.dump(1)};
  }();
  return seeds;
}

const std::vector<std::string> kDictionary = {
    "{",       "}",         "[",        "]",          ",",           ":",       "\"",
    "null",    "true",      "false",    "\"\"",       "{}",          "[]",      "\\",
    "\\\"",    "\\n",       "\\u0000",  "\\ud800",    "\\udc00",     "\\u00e9", "1e999",
    "-0",      "0.0",       "\"drop\"", "\"metric\"", "\"string\"",  "\"dp\"",  "\"k_min\"",
    "\"x\":1", "\"email\"", "// c",     "/* c */",    "\xef\xbb\xbf"};

class PolicyMutation : public ::testing::Test {
 protected:
  // Parses and validates `text` as policy.json; checks the error when refused.
  void Check(const std::string& text) {
    ++inputs_;
    if (failures_ >= 10) return;
    try {
      Result<Json> doc = ParseJson(text, "policy.json");
      if (!doc.ok()) return Expect(doc.error(), text, "json");
      ++parsed_;
      Result<Policy> p = Policy::FromJson(*doc, "policy.json");
      if (!p.ok()) return Expect(p.error(), text, "policy");
      ++valid_;
      // A valid policy's canonical form is itself a valid policy with the same hash.
      Result<Json> again = ParseJson(p->canonical_json(), "canonical");
      if (!again.ok()) return Fail(text, "canonical form does not parse");
      Result<Policy> q = Policy::FromJson(*again, "canonical");
      if (!q.ok() || q->hash() != p->hash()) return Fail(text, "canonical form differs");
    } catch (const std::exception& e) {
      Fail(text, std::string("threw: ") + e.what());
    }
  }

  void Expect(const Error& e, const std::string& text, const char* stage) {
    std::string problem = ErrorProblem(e, {ErrorCode::kBadInput});
    if (problem.empty() &&
        e.message.rfind(stage == std::string("json") ? "policy.json:" : "policy.json: ", 0) != 0) {
      problem = "message does not start with the source: " + Printable(e.message);
    }
    if (!problem.empty()) Fail(text, std::string(stage) + ": " + problem);
  }

  void Fail(const std::string& text, const std::string& what) {
    ++failures_;
    ADD_FAILURE() << what << "\n  input: " << Printable(text);
  }

  int inputs_ = 0, parsed_ = 0, valid_ = 0, failures_ = 0;
};

TEST_F(PolicyMutation, SeedsAreValid) {
  for (const std::string& s : Seeds()) Check(s);
  EXPECT_EQ(valid_, 3);
  EXPECT_EQ(failures_, 0);
}

TEST_F(PolicyMutation, EveryTruncation) {
  const std::string& s = Seeds()[1];  // the compact one
  for (size_t n = 0; n <= s.size(); ++n) Check(s.substr(0, n));
  EXPECT_EQ(valid_, 1);
  EXPECT_EQ(failures_, 0);
}

TEST_F(PolicyMutation, RandomMutations) {
  constexpr int kPerSeed = 1000;
  Mutator m(0x9011c7, kDictionary);
  const auto& seeds = Seeds();
  for (size_t i = 0; i < seeds.size(); ++i) {
    for (int k = 0; k < kPerSeed; ++k) Check(m.Mutate(seeds[i], seeds[m.Below(seeds.size())]));
  }
  EXPECT_EQ(inputs_, kPerSeed * 3);
  EXPECT_GT(parsed_, inputs_ / 10);  // enough mutations get past the JSON syntax
  EXPECT_GT(valid_, 0);
  EXPECT_EQ(failures_, 0);
}

// Replaces the first occurrence of `from` in seed `seed` by `to`.
std::string Edited(const std::string& from, const std::string& to, size_t seed = 1) {
  std::string s = Seeds()[seed];
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? s : s.replace(at, from.size(), to);
}

TEST_F(PolicyMutation, Extremes) {
  for (const char* n :
       {"1e999", "-1e999", "1e308", "-0", "0.0000000000000000000001", "1.5", "9223372036854775807",
        "9223372036854775808", "18446744073709551615", "18446744073709551616",
        "-9223372036854775809", "1e15", "9e15", "NaN", "\"10\"", "[]", "{}", "null", "true"}) {
    Check(Edited("\"k_min\":1", std::string("\"k_min\":") + n));
    Check(Edited("\"k_min\":5", std::string("\"k_min\":") + n));
    Check(Edited("\"max_groups_per_person\":1", std::string("\"max_groups_per_person\":") + n));
    Check(Edited("3.0", n, 0));
    Check(Edited("1e-06", n, 2));
  }
  for (const char* s :
       {"\"\"", "\"a\\nb\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\ud83d\\ude00\"", "\"\xff\"",
        "\"\xed\xa0\x80\"", "\"\xc3\xa9\"", "\"a\nb\"", "\"\\u001b[31mred\""}) {
    Check(Edited("\"fall25\"", s));
    Check(Edited("\"shopgood\":", std::string(s) + ":"));
    Check(Edited("\"purchases\":", std::string(s) + ":"));
    Check(Edited("\"customer_id\"", s));
    Check(Edited("\"drop\"", s));
    Check(Edited("\"room\"", s));
  }
  Check(Edited("\"fall25\"", "\"" + std::string(100000, 'x') + "\""));
  EXPECT_EQ(failures_, 0);
}

TEST_F(PolicyMutation, DeepNesting) {
  for (int depth : {100, 10000, 100000}) {
    Check(std::string(depth, '['));
    Check(std::string(depth, '[') + std::string(depth, ']'));
    std::string objects;
    for (int i = 0; i < depth; ++i) objects += "{\"a\":";
    Check(objects + "1" + std::string(depth, '}'));
    Check(Edited("\"purposes\":[", "\"purposes\":" + std::string(depth, '[')));
    Check(Edited("\"role\":\"metric\"", "\"role\":\"metric\",\"bounds\":" +
                                            std::string(depth, '[') + std::string(depth, ']')));
  }
  EXPECT_EQ(failures_, 0);
}

// Typed access on mutated small documents: every error is kBadInput on one line.
TEST(JsonReaderMutation, TypedAccess) {
  const std::string seed =
      R"({"n": 1.5, "i": 7, "s": "text", "b": true, "o": {"k": [1, 2]}, "z": null})";
  Mutator m(0x15011, {"1e999", "-0", "9223372036854775808", "\"", "{", "[", "\\n", "null"});
  JsonReader rd("doc.json", ErrorCode::kBadInput);
  int failures = 0;
  for (int k = 0; k < 1500 && failures < 10; ++k) {
    std::string text = k == 0 ? seed : m.Mutate(seed, seed);
    std::vector<Error> errors;
    try {
      Result<Json> j = ParseJson(text, "doc.json");
      if (!j.ok()) {
        errors.push_back(j.error());
      } else if (j->is_object()) {
        for (const char* key : {"n", "i", "s", "b", "o", "z", "missing"}) {
          if (auto r = rd.Object(*j, "", key); !r.ok()) errors.push_back(r.error());
          if (auto r = rd.String(*j, "", key); !r.ok()) errors.push_back(r.error());
          if (auto r = rd.Number(*j, "", key); !r.ok()) errors.push_back(r.error());
          if (auto r = rd.Integer(*j, "", key); !r.ok()) errors.push_back(r.error());
          if (auto r = rd.Bool(*j, "", key); !r.ok()) errors.push_back(r.error());
        }
        if (auto r = rd.OnlyKeys(*j, "top", {"n", "i", "s", "b", "o", "z"}); !r.ok()) {
          errors.push_back(r.error());
        }
      }
    } catch (const std::exception& e) {
      ++failures;
      ADD_FAILURE() << "threw: " << e.what() << "\n  input: " << Printable(text);
    }
    for (const Error& e : errors) {
      std::string problem = ErrorProblem(e, {ErrorCode::kBadInput});
      if (!problem.empty()) {
        ++failures;
        ADD_FAILURE() << problem << "\n  input: " << Printable(text);
      }
    }
  }
  EXPECT_EQ(failures, 0);
}

// Exact messages for a few mutated inputs, checked by hand.
TEST(PolicyMutationMessages, HandChecked) {
  auto error_of = [](const std::string& text) -> std::string {
    Result<Json> doc = ParseJson(text, "policy.json");
    if (!doc.ok()) return doc.error().message;
    Result<Policy> p = Policy::FromJson(*doc, "policy.json");
    return p.ok() ? "(valid)" : p.error().message;
  };
  EXPECT_EQ(error_of(Seeds()[1]), "(valid)");
  EXPECT_EQ(error_of(Seeds()[1].substr(0, 10)),
            "policy.json:1:11: invalid JSON: syntax error while parsing object key - invalid "
            "string: missing closing quote; last read: '\"analysts'; expected string literal");
  // Regressions. nlohmann throws out_of_range (not parse_error) for a number beyond a double:
  // ParseJson let it escape, and the CLI or the enclave died of it.
  EXPECT_EQ(error_of(Edited("\"k_min\":1", "\"k_min\":1e999")),
            "policy.json: invalid JSON: number overflow parsing '1e999'");
  EXPECT_EQ(error_of(Edited("3.0", "-1e999", 0)),
            "policy.json: invalid JSON: number overflow parsing '-1e999'");
  // Keys and values with control characters made messages span lines.
  EXPECT_EQ(error_of(Edited("\"epsilon_total\"", "\"epsil\\non_total\"", 0)),
            "policy.json: privacy.dp.epsil\\x0aon_total: unknown field; expected one of: "
            "epsilon_total, epsilon_per_query, delta");
  EXPECT_EQ(error_of(Edited("\"fall25\"", "\"a\\u0000\\r\"")),
            "policy.json: room: \"a\\x00\\x0d\" is not a valid room name (letters, digits, _)");
  // An integer beyond 2^53 became another number in the canonical form, so the hash did not
  // pin it (and the canonical form was not a valid policy).
  EXPECT_EQ(error_of(Edited("\"k_min\":1", "\"k_min\":9223372036854775807")),
            "policy.json: privacy.k_min: expected an integer <= 9007199254740991");
  EXPECT_EQ(error_of(Edited("\"k_min\":5", "\"k_min\":9007199254740993")),
            "policy.json: datasets.purchases.k_min: expected an integer <= 9007199254740991");
  EXPECT_EQ(error_of(Edited("\"k_min\":5", "\"k_min\":9007199254740991")), "(valid)");
  EXPECT_EQ(error_of(Edited("\"k_min\":1", "\"k_min\":18446744073709551615")),
            "policy.json: privacy.k_min: expected an integer >= 1");
  EXPECT_EQ(error_of(Edited("\"k_min\":1", "\"k_min\":1.5")),
            "policy.json: privacy.k_min: expected an integer, found a number");
  EXPECT_EQ(error_of(Edited("\"owner\":\"shopgood\"", "\"owner\":\"acme\"")),
            "policy.json: datasets.purchases.owner: \"acme\" is not a party of this policy");
  EXPECT_EQ(error_of(std::string(10000, '[')),
            "policy.json:1:10001: invalid JSON: syntax error while parsing value - unexpected "
            "end of input; expected '[', '{', or a literal");
}

}  // namespace
}  // namespace cleanroom

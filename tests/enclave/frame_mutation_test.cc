// Mutation robustness of what crosses the enclave boundary: the frame decoder (ReadFrame) over
// mutated byte streams, the error bodies (EncodeError / DecodeError), and the execute request
// whose plan JSON the enclave rebuilds with Plan::FromJson. Every mutated input must decode or
// be refused with one of the documented codes and a one-line message.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/json_util.h"
#include "enclave/frame.h"
#include "enclave/query_executor.h"
#include "sql/binder.h"
#include "sql/parser.h"
#include "sql/plan.h"
#include "sql/sql_test_policy.h"
#include "support/mutator.h"

namespace cleanroom {
namespace {

using mutation::ErrorProblem;
using mutation::Mutator;
using mutation::Printable;

constexpr size_t kLimit = 4096;  // ReadFrame's limit in these tests

std::string Framed(MessageType type, std::string_view body) {
  Bytes b;
  AppendU32BE(b, static_cast<uint32_t>(body.size() + 1));
  b.push_back(static_cast<uint8_t>(type));
  Append(b, AsBytes(body));
  return std::string(AsChars(b));
}

const std::vector<std::string>& StreamSeeds() {
  static const std::vector<std::string> seeds = {
      Framed(MessageType::kExecute, R"({"plan":{"version":1},"epsilon":0.5})") +
          Framed(MessageType::kShutdown, ""),
      Framed(MessageType::kReadChunk, R"({"dataset":"purchases","column":"email","chunk":0})") +
          Framed(MessageType::kReply, std::string("\x00\x01\x02\xff\xfe", 5)) +
          Framed(MessageType::kBudgetCommit, R"({"analyst":"shopgood","epsilon":0.5})"),
      Framed(MessageType::kError,
             std::string(AsChars(EncodeError(MakeError(ErrorCode::kPrivacy, "budget exhausted"))))),
      Framed(MessageType::kInit, std::string(300, 'x')) + Framed(MessageType::kReply, "") +
          Framed(MessageType::kProvisionKey, "{}") + Framed(MessageType::kReadManifest, "{}"),
  };
  return seeds;
}

// Every frame of `stream` (the writer closed after it), until the first error.
struct Decoded {
  std::vector<Frame> frames;
  Error end;
};

Decoded ReadStream(const std::string& stream, size_t limit = kLimit) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return {{}, MakeError(ErrorCode::kIo, "?")};
  ssize_t wrote = write(fds[1], stream.data(), stream.size());
  close(fds[1]);
  Decoded d;
  if (wrote != static_cast<ssize_t>(stream.size())) {
    d.end = MakeError(ErrorCode::kInternal, "the test could not write its input");
  } else {
    for (int i = 0; i < 1000; ++i) {
      Result<Frame> f = ReadFrame(fds[0], limit);
      if (!f.ok()) {
        d.end = std::move(f).error();
        break;
      }
      d.frames.push_back(std::move(f).value());
    }
  }
  close(fds[0]);
  return d;
}

TEST(FrameMutation, SeedsDecodeToTheEndOfStream) {
  for (const std::string& s : StreamSeeds()) {
    Decoded d = ReadStream(s);
    EXPECT_FALSE(d.frames.empty());
    EXPECT_EQ(d.end.code, ErrorCode::kIo);
    EXPECT_EQ(d.end.message, "enclave channel closed");
  }
}

TEST(FrameMutation, MutatedStreams) {
  constexpr int kPerSeed = 500;
  Mutator m(0xf4a3e, {std::string("\0\0\0\x01", 4), std::string("\0\0\0\0", 4), "\x7f\xff\xff\xff",
                      "\x15", "\x14", "\x03", "\x04", "\x63", std::string("\0", 1)});
  const auto& seeds = StreamSeeds();
  int inputs = 0, frames = 0, failures = 0;
  auto check = [&](const std::string& in) {
    ++inputs;
    Decoded d = ReadStream(in);
    frames += static_cast<int>(d.frames.size());
    size_t consumed = 0;
    for (const Frame& f : d.frames) consumed += 5 + f.body.size();
    std::string problem = ErrorProblem(d.end, {ErrorCode::kIo, ErrorCode::kIntegrity});
    if (problem.empty() && consumed > in.size()) problem = "decoded more bytes than were sent";
    if (problem.empty() && d.end.code == ErrorCode::kIo && consumed != in.size()) {
      problem = "clean end of stream reported in the middle of the input: " + d.end.message;
    }
    if (!problem.empty() && ++failures <= 10) {
      ADD_FAILURE() << problem << "\n  input: " << Printable(in);
    }
  };
  for (const std::string& s : seeds) {
    for (size_t n = 0; n <= s.size(); ++n) check(s.substr(0, n));
  }
  for (size_t i = 0; i < seeds.size(); ++i) {
    for (int k = 0; k < kPerSeed; ++k) check(m.Mutate(seeds[i], seeds[m.Below(seeds.size())]));
  }
  EXPECT_GT(frames, inputs / 2);  // many streams still hold frames that decode
  EXPECT_EQ(failures, 0);
}

TEST(FrameMutation, HandChecked) {
  // The length prefix of the first seed with its top byte flipped: refused before allocating.
  std::string s = StreamSeeds()[0];
  s[0] = '\x80';
  Decoded d = ReadStream(s);
  EXPECT_TRUE(d.frames.empty());
  EXPECT_EQ(d.end.code, ErrorCode::kIntegrity);
  EXPECT_EQ(d.end.message, "frame of 2147483685 bytes exceeds the limit of 4096");
  // Cut inside the second frame's body.
  s = StreamSeeds()[1];
  d = ReadStream(s.substr(0, s.size() - 3));
  EXPECT_EQ(d.frames.size(), 2u);
  EXPECT_EQ(d.end.message, "enclave channel closed in the middle of a frame");
  // Cut right after the length prefix of the first frame.
  d = ReadStream(s.substr(0, 4));
  EXPECT_EQ(d.end.code, ErrorCode::kIntegrity);
  EXPECT_EQ(d.end.message, "enclave channel closed in a frame");
  // Type byte replaced.
  s[4] = '\x63';
  d = ReadStream(s);
  EXPECT_EQ(d.end.message, "unknown message type 99 on the enclave channel");
  // A frame within the default limit is read in full.
  d = ReadStream(Framed(MessageType::kReply, std::string(70000, 'z')), kMaxFrameBytes);
  ASSERT_EQ(d.frames.size(), 1u);
  EXPECT_EQ(d.frames[0].body.size(), 70000u);
}

// ---- error bodies

TEST(FrameMutation, ErrorBodies) {
  const std::vector<std::string> seeds = {
      std::string(AsChars(EncodeError(MakeError(ErrorCode::kPrivacy, "budget exhausted")))),
      std::string(AsChars(EncodeError(MakeError(ErrorCode::kRejected, "1:8: rule x: \"q\"")))),
      R"({"message":"plan: query.where: expected an object","code":"integrity","x":[1,2]})",
  };
  Mutator m(0xe770, {"\"code\"", "\"message\"", "\"\"", "\\n", "\\u0000", "\"internal\"",
                     "\"usage\"", "\"io\"", "{", "}", "null", "1e999"});
  int failures = 0;
  for (size_t i = 0; i < seeds.size(); ++i) {
    for (int k = 0; k < 600 && failures < 10; ++k) {
      std::string body = k == 0 ? seeds[i] : m.Mutate(seeds[i], seeds[m.Below(seeds.size())]);
      try {
        Error e = DecodeError(AsBytes(body));
        std::string problem = ErrorProblem(
            e, {ErrorCode::kInternal, ErrorCode::kIo, ErrorCode::kUsage, ErrorCode::kRejected,
                ErrorCode::kPrivacy, ErrorCode::kIntegrity, ErrorCode::kBadInput});
        if (!problem.empty()) {
          ++failures;
          ADD_FAILURE() << problem << "\n  input: " << Printable(body);
        }
        // What an Error decodes to crosses the boundary again unchanged.
        Error again = DecodeError(EncodeError(e));
        if (again.code != e.code || again.message != e.message) {
          ++failures;
          ADD_FAILURE() << "re-encoding changed " << Printable(e.message) << " to "
                        << Printable(again.message);
        }
      } catch (const std::exception& ex) {
        ++failures;
        ADD_FAILURE() << "threw: " << ex.what() << "\n  input: " << Printable(body);
      }
    }
  }
  EXPECT_EQ(failures, 0);
}

// Regressions: an error message that was not UTF-8 made EncodeError throw (the enclave died
// answering a host that sent one bad byte), and DecodeError passed on empty and multi-line
// messages.
TEST(FrameMutation, ErrorBodiesHandChecked) {
  Result<Json> bad = ParseJson("{\"plan\":\"\xff\"}", "execute", ErrorCode::kIntegrity);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "execute:1:10: invalid JSON: syntax error while parsing value - invalid string: "
            "ill-formed UTF-8 byte; last read: '\"\xff'");
  Error e = DecodeError(EncodeError(bad.error()));
  EXPECT_EQ(e.code, ErrorCode::kIntegrity);
  EXPECT_EQ(e.message,
            "execute:1:10: invalid JSON: syntax error while parsing value - invalid string: "
            "ill-formed UTF-8 byte; last read: '\"\xef\xbf\xbd'");
  e = DecodeError(AsBytes(R"({"code":"privacy","message":"budget\nexhausted\u001b[0m"})"));
  EXPECT_EQ(e.code, ErrorCode::kPrivacy);
  EXPECT_EQ(e.message, "budget\\x0aexhausted\\x1b[0m");
  e = DecodeError(AsBytes(R"({"code":"privacy","message":""})"));
  EXPECT_EQ(e.code, ErrorCode::kIntegrity);
  EXPECT_EQ(e.message, "malformed error from the enclave");
  // Which code did the enclave mean? Neither is believed.
  e = DecodeError(AsBytes(R"({"code":"privacy","message":"x","code":"usage"})"));
  EXPECT_EQ(e.code, ErrorCode::kIntegrity);
  EXPECT_EQ(e.message, "malformed error from the enclave");
}

// ---- the plan JSON of an execute request, as the enclave reads it

class PlanMutation : public ::testing::Test {
 protected:
  static std::string Request(const std::string& sql) {
    auto q = sql::Parse(sql);
    EXPECT_TRUE(q.ok()) << sql;
    auto plan = sql::Bind(*q, RoomPolicy(), "shopgood", "measurement");
    EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.error().message);
    return Json{{"plan", plan->ToJson()}, {"epsilon", 0.5}}.dump();
  }
  // The SQL tests' policy with fixed keys, so that its hash, which the plans carry, and with it
  // every mutated input are the same on every run.
  static const cleanroom::Policy& RoomPolicy() {
    static const cleanroom::Policy* p = [] {
      Json doc = cleanroom::testing::MakeTestPolicy().document();
      for (auto& [party, fill] : {std::pair<const char*, uint8_t>{"shopgood", 1}, {"newsnow", 2}}) {
        doc["parties"][party]["public_key"] =
            Ed25519KeyPair::FromSeed(Bytes(32, fill))->public_key().ToText();
      }
      return new cleanroom::Policy(*cleanroom::Policy::FromJson(doc, "test-policy.json"));
    }();
    return *p;
  }
  // What the enclave does with an execute body, up to the rebuilt plan.
  static Result<sql::Plan> Read(const std::string& body) {
    CR_ASSIGN_OR_RETURN(ExecuteRequest request, ReadExecuteRequest(body, RoomPolicy()));
    return std::move(request.plan);
  }

  // Reads `body`; checks the error and that it crosses the boundary back to the host.
  void Check(const std::string& body) {
    ++inputs_;
    if (failures_ >= 10) return;
    try {
      Result<sql::Plan> p = Read(body);
      if (p.ok()) {
        ++valid_;
        return;
      }
      std::string problem = ErrorProblem(p.error(), {ErrorCode::kIntegrity, ErrorCode::kRejected});
      Error back = DecodeError(EncodeError(p.error()));
      if (problem.empty() && (back.code != p.error().code || back.message.empty())) {
        problem = "the error does not cross the boundary: " + back.message;
      }
      if (!problem.empty()) {
        ++failures_;
        ADD_FAILURE() << problem << "\n  input: " << Printable(body);
      }
    } catch (const std::exception& e) {
      ++failures_;
      ADD_FAILURE() << "threw: " << e.what() << "\n  input: " << Printable(body);
    }
  }

  int inputs_ = 0, valid_ = 0, failures_ = 0;
};

TEST_F(PlanMutation, MutatedExecuteRequests) {
  const std::vector<std::string> seeds = {
      Request("SELECT e.campaign_id, COUNT(DISTINCT p.email) AS users, SUM(p.total_spent) "
              "FROM exposures e JOIN purchases p ON e.email = p.email "
              "WHERE e.exposure_date < p.purchase_date GROUP BY e.campaign_id ORDER BY users DESC"),
      Request("SELECT category, COUNT(*) FROM purchases WHERE quantity BETWEEN 1 AND 3 AND "
              "category NOT IN ('a', 'b') AND purchase_date >= DATE '2025-10-01' AND NOT returned "
              "GROUP BY category HAVING COUNT(*) > 1 ORDER BY 2 DESC LIMIT 10"),
      Request("SELECT store, AVG(total_spent), MIN(quantity) FROM purchases WHERE category LIKE "
              "'s%' AND store IS NOT NULL AND quantity * 2 - 1 <> -3 GROUP BY store"),
  };
  Mutator m(0x91a7, {"{",
                     "}",
                     "[",
                     "]",
                     ",",
                     "\"",
                     "null",
                     "true",
                     "\"args\":[]",
                     "{\"kind\":\"column\",\"name\":\"email\"}",
                     "\"kind\"",
                     "\"binary\"",
                     "\"unary\"",
                     "\"literal\"",
                     "\"aggregate\"",
                     "\"op\"",
                     "\"neg\"",
                     "\"and\"",
                     "\"value\"",
                     "9223372036854775807",
                     "-9223372036854775808",
                     "1e999",
                     "-0"});
  for (const std::string& s : seeds) Check(s);
  EXPECT_EQ(valid_, 3);
  for (size_t i = 0; i < seeds.size(); ++i) {
    for (int k = 0; k < 500; ++k) Check(m.Mutate(seeds[i], seeds[m.Below(seeds.size())]));
  }
  EXPECT_EQ(inputs_, 1503);
  EXPECT_GT(valid_, 3);
  EXPECT_EQ(failures_, 0);
}

// Deeply nested plans: the reader's own depth limit, whatever the nesting.
TEST_F(PlanMutation, DeepNesting) {
  Json request = Json::parse(
      Request("SELECT category, COUNT(*) FROM purchases WHERE NOT returned GROUP BY category"));
  request["plan"]["query"]["where"] = "WHERE";
  const std::string body = request.dump();
  const size_t at = body.find("\"WHERE\"");
  ASSERT_NE(at, std::string::npos);
  auto with_where = [&](const std::string& where) {
    return body.substr(0, at) + where + body.substr(at + 7);
  };
  for (int depth : {150, 250, 10000, 50000}) {
    std::string open, close;
    for (int i = 0; i < depth; ++i) {
      open += "{\"kind\":\"unary\",\"op\":\"not\",\"args\":[";
      close += "]}";
    }
    Check(with_where(open + "{\"kind\":\"column\",\"name\":\"returned\"}" + close));
    Check(with_where(std::string(depth, '[') + std::string(depth, ']')));
  }
  EXPECT_EQ(valid_, 1);  // NOT nested 150 deep; the reader stops at 200
  EXPECT_EQ(failures_, 0);
}

TEST_F(PlanMutation, HandChecked) {
  std::string seed = Request("SELECT COUNT(*) FROM purchases WHERE quantity = 7");
  ASSERT_TRUE(Read(seed).ok());
  auto error_of = [](const std::string& body) {
    Result<sql::Plan> p = Read(body);
    return p.ok() ? std::string("(valid)") : p.error().message;
  };
  auto edit = [&](const std::string& from, const std::string& to) {
    std::string s = seed;
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? s : s.replace(at, from.size(), to);
  };
  EXPECT_EQ(error_of(edit("\"value\":7", "\"value\":1e999")),
            "execute: invalid JSON: number overflow parsing '1e999'");
  // Above 2^53 the plan's hash (canonical JSON, doubles) would not pin the value.
  EXPECT_EQ(error_of(edit("\"value\":7", "\"value\":9223372036854775807")),
            "plan: query.where.args.1.value: expected an integer of magnitude <= "
            "9007199254740991");
  EXPECT_EQ(error_of(edit("\"value\":7", "\"value\":9007199254740991")), "(valid)");
  EXPECT_EQ(error_of(edit("\"value\":7", "\"value\":1.5")),
            "plan: query.where.args.1.value: expected an integer, found a number");
  EXPECT_EQ(error_of(edit("\"op\":\"eq\"", "\"op\":\"neg\"")),
            "plan: query.where.op: unknown operator 'neg'");
  EXPECT_EQ(error_of(edit("\"version\":1", "\"version\":-0")),
            "plan: version: unsupported plan version");
  EXPECT_EQ(error_of(edit("\"version\":1", "\"version\":1.0")), "(valid)");
  EXPECT_EQ(error_of(edit("\"version\":1", "\"version\":2")),
            "plan: version: unsupported plan version");
}

}  // namespace
}  // namespace cleanroom

// Mutation robustness of what a PSI party decodes from its peer: the message and list framing
// of psi/messages.h (mutated plaintext payloads delivered through a real loopback session)
// and the plaintext Hello of the SecureChannel handshake (mutated and sent by a raw socket
// before any authentication). Every mutated input must decode or be refused with a documented
// code and a one-line message.
#include <gtest/gtest.h>

#include <thread>

#include "common/splitmix64.h"
#include "psi/loopback.h"
#include "psi/messages.h"
#include "psi/secure_channel.h"
#include "psi/socket.h"
#include "support/mutator.h"

namespace cleanroom::psi {
namespace {

using loopback::ClientKey;
using loopback::RunSession;
using loopback::ServerKey;
using mutation::ErrorProblem;
using mutation::Mutator;
using mutation::Printable;

constexpr size_t kItem = 32;
constexpr uint64_t kMaxItems = 64;
const std::string kMalformed = "malformed message from peer: ";

using Messages = std::vector<std::string>;

std::string Header(ListTag tag, uint64_t count, uint32_t item_size) {
  Bytes b = {static_cast<uint8_t>(MsgType::kListHeader), static_cast<uint8_t>(tag)};
  AppendU64BE(b, count);
  AppendU32BE(b, item_size);
  return std::string(AsChars(b));
}

std::string Chunk(ListTag tag, size_t items, char fill) {
  std::string c = {static_cast<char>(MsgType::kListChunk), static_cast<char>(tag)};
  return c + std::string(items * kItem, fill);
}

// Valid inputs for ReceiveList(kSenderBlinded, 32 bytes, at most 64 items).
std::vector<Messages> ListSeeds() {
  const ListTag t = ListTag::kSenderBlinded;
  return {
      {Header(t, 3, kItem), Chunk(t, 3, 'a')},
      {Header(t, 5, kItem), Chunk(t, 2, 'b'), Chunk(t, 1, 'c'), Chunk(t, 2, 'd')},
      {Header(t, 0, kItem)},
      {Header(t, kMaxItems, kItem), Chunk(t, 40, 'e'), Chunk(t, 24, 'f')},
  };
}

// Valid inputs for ReceiveMessage(kSummary, 8 bytes).
std::vector<Messages> SummarySeeds() {
  return {{std::string("\x03\0\0\0\0\0\0\0\x2a", 9)},
          {std::string("\x03\xff\xff\xff\xff\xff\xff\xff\xff", 9)}};
}

// A mutation of a sequence of messages: one message's bytes, or the sequence itself.
Messages MutateMessages(Mutator& m, Messages msgs, const Messages& other) {
  size_t n = msgs.size();
  switch (m.Below(6)) {
    case 0:  // drop one message
      if (n > 0) msgs.erase(msgs.begin() + static_cast<long>(m.Below(n)));
      return msgs;
    case 1:  // repeat one message
      if (n > 0) msgs.insert(msgs.begin() + static_cast<long>(m.Below(n + 1)), msgs[m.Below(n)]);
      return msgs;
    case 2:  // a message of another input
      if (!other.empty()) {
        msgs.insert(msgs.begin() + static_cast<long>(m.Below(n + 1)), other[m.Below(other.size())]);
      }
      return msgs;
    default:  // mutate the bytes of one message
      if (n == 0) return {m.Mutate("", other.empty() ? "" : other[0])};
      size_t i = m.Below(n);
      msgs[i] = m.Mutate(msgs[i], other.empty() ? msgs[i] : other[m.Below(other.size())]);
      return msgs;
  }
}

struct Case {
  bool list = true;  // ReceiveList, else ReceiveMessage(kSummary, 8)
  Messages messages;
};

struct Outcome {
  bool ok = false;
  size_t size = 0;
  Error error;
};

// The fence ends every case: its type byte is neither a list header nor a chunk, so whatever
// the case's messages say, the decoder stops at it at the latest. The marker after it (never
// consumed by a decoder) tells the receiver where the next case starts.
const std::string kFence = "\xee";
std::string Marker(size_t i) {
  Bytes b = ToBytes("\xef-end-of-case-");
  AppendU64BE(b, i);
  return std::string(AsChars(b));
}

// Sends every case through one session and decodes each on the other side.
std::vector<Outcome> DecodeAll(const std::vector<Case>& cases) {
  std::vector<Outcome> out(cases.size());
  RunSession(
      [&](SecureChannel& ch) {
        for (size_t i = 0; i < cases.size(); ++i) {
          Outcome& o = out[i];
          if (cases[i].list) {
            Result<Bytes> r = ReceiveList(ch, ListTag::kSenderBlinded, kItem, kMaxItems);
            o.ok = r.ok();
            if (r.ok())
              o.size = r->size();
            else
              o.error = r.error();
          } else {
            Result<Bytes> r = ReceiveMessage(ch, MsgType::kSummary, 8);
            o.ok = r.ok();
            if (r.ok())
              o.size = r->size();
            else
              o.error = r.error();
          }
          const std::string marker = Marker(i);
          for (;;) {
            Result<Bytes> m = ch.Receive();
            ASSERT_TRUE(m.ok()) << m.error().message;
            if (AsChars(*m) == marker) break;
          }
        }
      },
      [&](SecureChannel& ch) {
        for (size_t i = 0; i < cases.size(); ++i) {
          for (const std::string& m : cases[i].messages) ASSERT_TRUE(ch.Send(AsBytes(m)).ok());
          ASSERT_TRUE(ch.Send(AsBytes(kFence)).ok());
          ASSERT_TRUE(ch.Send(AsBytes(Marker(i))).ok());
        }
      });
  return out;
}

TEST(PsiMessagesMutation, MutatedListsAndMessages) {
  constexpr int kPerSeed = 400;
  std::vector<Messages> lists = ListSeeds(), summaries = SummarySeeds();
  std::vector<Case> cases;
  for (const Messages& s : lists) cases.push_back({true, s});
  for (const Messages& s : summaries) cases.push_back({false, s});
  Mutator m(0x951, {std::string("\x01\x03", 2), std::string("\x02\x03", 2), "\x03", "\x01", "\x02",
                    std::string(8, '\xff'), std::string(8, '\0'), std::string("\0\0\0\x20", 4),
                    std::string(kItem, 'z')});
  for (const Messages& s : lists) {
    for (int k = 0; k < kPerSeed; ++k) {
      cases.push_back({true, MutateMessages(m, s, lists[m.Below(lists.size())])});
    }
  }
  for (const Messages& s : summaries) {
    for (int k = 0; k < kPerSeed / 4; ++k) {
      cases.push_back({false, MutateMessages(m, s, summaries[m.Below(summaries.size())])});
    }
  }
  std::vector<Outcome> out = DecodeAll(cases);
  ASSERT_EQ(out.size(), cases.size());
  for (size_t i = 0; i < lists.size() + summaries.size(); ++i) {
    EXPECT_TRUE(out[i].ok) << i << ": " << out[i].error.message;
  }
  int ok = 0, failures = 0;
  for (size_t i = 0; i < cases.size() && failures < 10; ++i) {
    std::string problem;
    if (out[i].ok) {
      ++ok;
      if (cases[i].list ? out[i].size % kItem != 0 || out[i].size > kMaxItems * kItem
                        : out[i].size != 8) {
        problem = "decoded " + std::to_string(out[i].size) + " bytes";
      }
    } else {
      problem = ErrorProblem(out[i].error, {ErrorCode::kBadInput});
      if (problem.empty() && out[i].error.message.rfind(kMalformed, 0) != 0) {
        problem = "unexpected message: " + out[i].error.message;
      }
    }
    if (!problem.empty()) {
      ++failures;
      std::string in;
      for (const std::string& msg : cases[i].messages) in += "[" + Printable(msg) + "] ";
      ADD_FAILURE() << problem << "\n  messages: " << in;
    }
  }
  EXPECT_GT(ok, static_cast<int>(cases.size() / 10));
  EXPECT_EQ(failures, 0);
}

TEST(PsiMessagesMutation, HandChecked) {
  const ListTag t = ListTag::kSenderBlinded;
  std::vector<Case> cases = {
      {true, {Header(t, kMaxItems + 1, kItem)}},
      {true, {Header(t, 3, kItem - 1)}},
      {true, {Header(t, 3, kItem), Chunk(t, 4, 'a')}},
      {true, {Header(t, 3, kItem), Chunk(ListTag::kReceiverBlinded, 3, 'a')}},
      {true, {Header(t, 3, kItem), Chunk(t, 2, 'a')}},  // the fence ends the list
      {true, {Header(t, 3, kItem).substr(0, 13)}},
      {true, {Header(ListTag::kValuesEncrypted, 3, kItem)}},
      {true, {Header(t, 1, kItem), Chunk(t, 1, 'a').substr(0, 20)}},
      {true, {""}},
      {false, {std::string("\x03\0\0", 3)}},
      {true, {Header(t, ~uint64_t{0}, kItem)}},
  };
  std::vector<Outcome> out = DecodeAll(cases);
  std::vector<std::string> messages;
  for (const Outcome& o : out) messages.push_back(o.ok ? "(ok)" : o.error.message);
  EXPECT_EQ(messages, (std::vector<std::string>{
                          kMalformed + "list of 65 items exceeds the limit of 64",
                          kMalformed + "list items of 31 bytes, expected 32",
                          kMalformed + "list chunk of 128 bytes does not fit the list",
                          kMalformed + "list chunk for another list",
                          kMalformed + "expected message type 2, got 238",
                          kMalformed + "message type 1 has 12 bytes, expected 13",
                          kMalformed + "expected list 3, got list 5",
                          kMalformed + "list chunk of 18 bytes does not fit the list",
                          kMalformed + "expected message type 1, got an empty message",
                          kMalformed + "message type 3 has 2 bytes, expected 8",
                          kMalformed + "list of 18446744073709551615 items exceeds the limit of 64",
                      }));
}

// ---- the handshake Hello, sent by a raw socket before any authentication

// The Hello a client with ClientKey() and empty settings would send (secure_channel.cc).
std::string ValidHello(uint64_t seed) {
  SplitMix64 rng(seed);
  std::string h("cleanroom-psi/1\0", 16);
  h += '\x01';                                                          // client
  for (int i = 0; i < 64; ++i) h += static_cast<char>(rng.Below(256));  // X25519 key, nonce
  h += std::string(AsChars(ClientKey().public_key().bytes));
  h += '\x00';                // flags
  h += std::string(4, '\0');  // settings length 0
  return h;
}

// The server's Establish against `frame` (length prefix included), sent by a raw peer that
// then closes its side: the handshake never completes, so this is always an error.
std::vector<Error> EstablishAgainst(const std::vector<std::string>& frames) {
  std::vector<Error> out;
  auto listener = Listener::Listen({"127.0.0.1", 0});
  EXPECT_TRUE(listener.ok());
  if (!listener.ok()) return out;
  std::thread raw([&] {
    for (const std::string& f : frames) {
      auto sock = Connect({"127.0.0.1", listener->port()}, 5);
      if (!sock.ok()) return;
      sock->SetTimeoutSeconds(20);
      (void)sock->SendAll(AsBytes(f));
      sock->ShutdownWrite();
      uint8_t sink[4096];
      while (sock->RecvSome(sink).ok()) {
      }
    }
  });
  for (size_t i = 0; i < frames.size(); ++i) {
    auto sock = listener->Accept(20);
    if (!sock.ok()) {
      out.push_back(sock.error());
      break;
    }
    auto ch = SecureChannel::Establish(std::move(*sock), Side::kServer, ServerKey(),
                                       ClientKey().public_key(), {}, {});
    out.push_back(ch.ok() ? MakeError(ErrorCode::kInternal, "(established)") : ch.error());
  }
  raw.join();
  return out;
}

std::string Framed(const std::string& hello) {
  Bytes b;
  AppendU32BE(b, static_cast<uint32_t>(hello.size()));
  return std::string(AsChars(b)) + hello;
}

TEST(PsiHelloMutation, MutatedHellos) {
  std::vector<std::string> seeds = {ValidHello(1), ValidHello(2)};
  std::string with_settings = ValidHello(3);
  with_settings.replace(with_settings.size() - 4, 4, std::string("\0\0\0\x09", 4));
  seeds.push_back(with_settings + "mode=psi;");
  Mutator m(0x4e110, {std::string("\0\0\x10\x01", 4), std::string("\0\0\0\x01", 4), "\x02",
                      "cleanroom-psi/1", "\n", "\x1b[2J", std::string(32, '\0')});
  std::vector<std::string> frames;
  for (const std::string& s : seeds) {
    for (int k = 0; k < 150; ++k) {
      std::string h = m.Mutate(s, seeds[m.Below(seeds.size())]);
      frames.push_back(k % 10 == 9 ? m.Mutate(Framed(s), Framed(h)) : Framed(h));
    }
  }
  // Settings of any bytes, with a length that fits: they reach the "settings differ" message.
  for (int k = 0; k < 60; ++k) {
    std::string settings;
    for (uint64_t n = m.Below(65); n > 0; --n) settings += static_cast<char>(m.Below(256));
    std::string h = ValidHello(100 + k);
    Bytes len;
    AppendU32BE(len, static_cast<uint32_t>(settings.size()));
    h.replace(h.size() - 4, 4, std::string(AsChars(len)));
    frames.push_back(Framed(h + settings));
  }
  std::vector<Error> out = EstablishAgainst(frames);
  ASSERT_EQ(out.size(), frames.size());
  int failures = 0;
  for (size_t i = 0; i < frames.size() && failures < 10; ++i) {
    std::string problem = ErrorProblem(
        out[i], {ErrorCode::kBadInput, ErrorCode::kUsage, ErrorCode::kIntegrity, ErrorCode::kIo});
    if (!problem.empty()) {
      ++failures;
      ADD_FAILURE() << problem << "\n  frame: " << Printable(frames[i]);
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(PsiHelloMutation, HandChecked) {
  std::string h = ValidHello(7);
  std::string other_side = h;
  other_side[16] = '\x00';
  std::string bad_side = h;
  bad_side[16] = '\x02';
  std::string settings = h;
  settings.replace(settings.size() - 4, 4, std::string("\0\0\0\x07", 4));
  std::vector<Error> out = EstablishAgainst({
      Framed(h),
      Framed(h.substr(0, 50)),
      Framed("x" + h.substr(1)),
      Framed(bad_side),
      Framed(other_side),
      Framed(h + "extra"),
      Framed(settings + "a\nb\x1b[0m"),
      Framed(h).substr(0, 30),
      std::string("\x7f\xff\xff\xff", 4),
  });
  std::vector<std::string> messages;
  for (const Error& e : out) messages.push_back(e.message);
  EXPECT_EQ(messages,
            (std::vector<std::string>{
                "connection closed by peer",
                "malformed handshake from peer: too short",
                "malformed handshake from peer: not a cleanroom-psi/1 peer",
                "malformed handshake from peer: unknown side",
                "both parties are the server",
                "malformed handshake from peer: bad settings length",
                "the peer's session settings differ: peer has 'a\\x0ab\\x1b[0m', we have ''",
                "connection closed by peer during the handshake",
                "frame of 2147483647 bytes from peer exceeds the limit of 4194304 bytes",
            }));
}

}  // namespace
}  // namespace cleanroom::psi

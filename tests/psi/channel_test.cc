#include "psi/secure_channel.h"

#include <gtest/gtest.h>

#include <thread>

#include "psi/loopback.h"
#include "psi/messages.h"
#include "psi/psi_protocol.h"
#include "psi/socket.h"

namespace cleanroom::psi {
namespace {

using loopback::ClientKey;
using loopback::RunSession;
using loopback::ServerKey;

TEST(Endpoint, Parsing) {
  auto v4 = ParseEndpoint("127.0.0.1:9000");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 9000);
  auto v6 = ParseEndpoint("[::1]:80");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 80);
  for (const char* bad : {"127.0.0.1", "127.0.0.1:", ":80", "h:99999", "h:8x", "[::1:80"}) {
    auto r = ParseEndpoint(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kUsage);
    EXPECT_EQ(r.error().message,
              std::string("address '") + bad + "' is not HOST:PORT (e.g. 127.0.0.1:9000)");
  }
}

TEST(SecureChannel, MessagesRoundTripBothWays) {
  RunSession(
      [](SecureChannel& ch) {
        auto m = ch.Receive();
        ASSERT_TRUE(m.ok()) << m.error().message;
        EXPECT_EQ(std::string(AsChars(*m)), "hello server");
        ASSERT_TRUE(ch.Send(AsBytes("hello client")).ok());
      },
      [](SecureChannel& ch) {
        ASSERT_TRUE(ch.Send(AsBytes("hello server")).ok());
        auto m = ch.Receive();
        ASSERT_TRUE(m.ok()) << m.error().message;
        EXPECT_EQ(std::string(AsChars(*m)), "hello client");
      });
}

TEST(SecureChannel, OverIpv6Loopback) {
  auto listener = Listener::Listen({"::1", 0});
  if (!listener.ok()) GTEST_SKIP() << "no IPv6 loopback here: " << listener.error().message;
  std::thread t([&] {
    auto s = listener->Accept(10);
    ASSERT_TRUE(s.ok());
    auto ch = SecureChannel::Establish(std::move(*s), Side::kServer, ServerKey(),
                                       ClientKey().public_key(), {});
    ASSERT_TRUE(ch.ok()) << ch.error().message;
    EXPECT_EQ(std::string(AsChars((*ch)->Receive().value())), "v6");
  });
  auto s = Connect({"::1", listener->port()}, 5);
  ASSERT_TRUE(s.ok());
  auto ch = SecureChannel::Establish(std::move(*s), Side::kClient, ClientKey(),
                                     ServerKey().public_key(), {});
  ASSERT_TRUE(ch.ok());
  ASSERT_TRUE((*ch)->Send(AsBytes("v6")).ok());
  t.join();
}

// Runs the handshake with chosen keys and settings on both sides; returns both results.
struct HandshakeResults {
  Status server, client;
};
HandshakeResults Handshake(const Ed25519KeyPair& server_key, const Ed25519PublicKey& server_expects,
                           const Ed25519KeyPair& client_key, const Ed25519PublicKey& client_expects,
                           const std::string& server_settings = "s",
                           const std::string& client_settings = "s") {
  HandshakeResults r;
  auto listener = Listener::Listen({"127.0.0.1", 0});
  std::thread t([&] {
    auto s = listener->Accept(10);
    auto ch = SecureChannel::Establish(std::move(*s), Side::kServer, server_key, server_expects,
                                       {server_settings, 0});
    if (!ch.ok()) r.server = ch.error();
  });
  auto s = Connect({"127.0.0.1", listener->port()}, 5);
  auto ch = SecureChannel::Establish(std::move(*s), Side::kClient, client_key, client_expects,
                                     {client_settings, 0});
  if (!ch.ok()) r.client = ch.error();
  t.join();
  return r;
}

TEST(SecureChannel, WrongPeerKeyIsRefusedOnBothSides) {
  Ed25519KeyPair mallory = Ed25519KeyPair::Generate();
  // The client is mallory; the server expects the real client.
  auto r = Handshake(ServerKey(), ClientKey().public_key(), mallory, ServerKey().public_key());
  ASSERT_FALSE(r.server.ok());
  EXPECT_EQ(r.server.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(r.server.error().message, "the peer's identity key is " +
                                          mallory.public_key().ToText() + ", not the expected " +
                                          ClientKey().public_key().ToText());
  ASSERT_FALSE(r.client.ok());
  EXPECT_EQ(r.client.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(r.client.error().message, "peer ended the session: " + r.server.error().message);
}

TEST(SecureChannel, SettingsMustAgree) {
  auto r = Handshake(ServerKey(), ClientKey().public_key(), ClientKey(), ServerKey().public_key(),
                     "reveal=size", "reveal=intersection");
  ASSERT_FALSE(r.server.ok());
  EXPECT_EQ(r.server.error().code, ErrorCode::kUsage);
  EXPECT_EQ(r.server.error().message,
            "the peer's session settings differ: peer has 'reveal=intersection', we have "
            "'reveal=size'");
  ASSERT_FALSE(r.client.ok());
  EXPECT_EQ(r.client.error().message,
            "the peer's session settings differ: peer has 'reveal=size', we have "
            "'reveal=intersection'");
}

// A raw TCP peer that sends `bytes` and then waits for the other side to close.
Status ServerFacingRawPeer(const Bytes& bytes) {
  auto listener = Listener::Listen({"127.0.0.1", 0});
  Status result;
  std::thread t([&] {
    auto s = listener->Accept(10);
    auto ch = SecureChannel::Establish(std::move(*s), Side::kServer, ServerKey(),
                                       ClientKey().public_key(), {});
    if (!ch.ok()) result = ch.error();
  });
  auto s = Connect({"127.0.0.1", listener->port()}, 5);
  EXPECT_TRUE(s->SendAll(bytes).ok());
  uint8_t buf[1];
  // The server sent its hello and then closed: read until EOF.
  Bytes sink(4096);
  while (s->RecvAll(std::span<uint8_t>(buf, 1)).ok()) {
  }
  t.join();
  return result;
}

TEST(SecureChannel, OversizedHandshakeFrameEndsTheSession) {
  Bytes huge = {0x7f, 0xff, 0xff, 0xff};
  Status st = ServerFacingRawPeer(huge);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(st.error().message,
            "frame of 2147483647 bytes from peer exceeds the limit of 4194304 bytes");
}

TEST(SecureChannel, MalformedHelloEndsTheSession) {
  Bytes frame = {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'};
  Status st = ServerFacingRawPeer(frame);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(st.error().message, "malformed handshake from peer: too short");

  Bytes wrong_magic(4 + 150, 'x');
  wrong_magic[0] = 0;
  wrong_magic[1] = 0;
  wrong_magic[2] = 0;
  wrong_magic[3] = 150;
  st = ServerFacingRawPeer(wrong_magic);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "malformed handshake from peer: not a cleanroom-psi/1 peer");
}

TEST(SecureChannel, OversizedFrameAfterHandshakeEndsBothSides) {
  loopback::SessionSetup setup;
  setup.client_options.max_frame = 8 << 20;  // the client allows itself bigger messages
  RunSession(
      [](SecureChannel& ch) {
        auto m = ch.Receive();
        ASSERT_FALSE(m.ok());
        EXPECT_EQ(m.error().code, ErrorCode::kBadInput);
        EXPECT_EQ(m.error().message,
                  "frame of 5242897 bytes from peer exceeds the limit of 4194321 bytes");
        ch.Abort(m.error());
      },
      [](SecureChannel& ch) {
        Status sent = ch.Send(Bytes(5 << 20, 1));
        auto m = sent.ok() ? ch.Receive() : Result<Bytes>(sent.error());
        ASSERT_FALSE(m.ok());
        EXPECT_EQ(m.error().code, ErrorCode::kBadInput);
        EXPECT_EQ(m.error().message,
                  "peer ended the session: frame of 5242897 bytes from peer exceeds the limit "
                  "of 4194321 bytes");
      },
      setup);
}

TEST(SecureChannel, UnknownFrameTypeIsMalformed) {
  RunSession(
      [](SecureChannel& ch) {
        auto m = ch.Receive();
        ASSERT_FALSE(m.ok());
        EXPECT_EQ(m.error().code, ErrorCode::kBadInput);
        EXPECT_EQ(m.error().message, "malformed message from peer: unexpected frame type 127");
        ch.Abort(m.error());
      },
      [](SecureChannel& ch) {
        ASSERT_TRUE(ch.SendUnknownFrameForTesting(AsBytes("?")).ok());
        auto m = ch.Receive();
        ASSERT_FALSE(m.ok());
        EXPECT_EQ(m.error().message,
                  "peer ended the session: malformed message from peer: unexpected frame type "
                  "127");
      });
}

TEST(Messages, ListOverTheLimitIsRefused) {
  RunSession(
      [](SecureChannel& ch) {
        auto l = ReceiveList(ch, ListTag::kReceiverBlinded, 32, 3);
        ASSERT_FALSE(l.ok());
        EXPECT_EQ(l.error().code, ErrorCode::kBadInput);
        EXPECT_EQ(l.error().message,
                  "malformed message from peer: list of 4 items exceeds the limit of 3");
        ch.Abort(l.error());
      },
      [](SecureChannel& ch) {
        // The peer may end the session while the list is still being sent.
        Status sent = SendList(ch, ListTag::kReceiverBlinded, Bytes(4 * 32, 9), 32);
        auto m = sent.ok() ? ch.Receive() : Result<Bytes>(sent.error());
        ASSERT_FALSE(m.ok());
        EXPECT_EQ(m.error().code, ErrorCode::kBadInput);
        EXPECT_EQ(m.error().message,
                  "peer ended the session: malformed message from peer: list of 4 items exceeds "
                  "the limit of 3");
      });
}

TEST(Messages, WrongListAndShortChunksAreRefused) {
  RunSession(
      [](SecureChannel& ch) {
        auto l = ReceiveList(ch, ListTag::kReceiverBlinded, 32);
        ASSERT_FALSE(l.ok());
        EXPECT_EQ(l.error().message, "malformed message from peer: expected list 1, got list 3");
        auto m = ReceiveList(ch, ListTag::kSenderBlinded, 32);
        ASSERT_FALSE(m.ok());
        EXPECT_EQ(m.error().message,
                  "malformed message from peer: list chunk of 31 bytes does not fit the list");
      },
      [](SecureChannel& ch) {
        ASSERT_TRUE(SendList(ch, ListTag::kSenderBlinded, Bytes(), 32).ok());
        // A header for 1 item, then a chunk one byte short.
        Bytes header = {static_cast<uint8_t>(ListTag::kSenderBlinded)};
        AppendU64BE(header, 1);
        AppendU32BE(header, 32);
        ASSERT_TRUE(SendMessage(ch, MsgType::kListHeader, header).ok());
        Bytes chunk = {static_cast<uint8_t>(ListTag::kSenderBlinded)};
        chunk.resize(32, 0);
        ASSERT_TRUE(SendMessage(ch, MsgType::kListChunk, chunk).ok());
      });
}

TEST(Protocol, InvalidGroupElementsEndTheSession) {
  for (Group g : {Group::kRistretto255, Group::kX25519}) {
    RunSession(
        [g](SecureChannel& ch) {
          auto r =
              PsiSender::CreateWithNewKey({g, Reveal::kIntersection, 0, 2}).Run(ch, {"a", "b"});
          ASSERT_FALSE(r.ok());
          EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
          EXPECT_EQ(r.error().message, std::string("malformed message from peer: element 1 is "
                                                   "not a valid ") +
                                           GroupName(g) + " element");
        },
        [](SecureChannel& ch) {
          // Element 0 is fine for both groups (the ristretto255 generator's encoding); element 1
          // is not: all zeros is the identity in ristretto255 and u = 0, of small order, in x25519.
          Bytes items(64, 0);
          const uint8_t base[32] = {0xe2, 0xf2, 0xae, 0x0a, 0x6a, 0xbc, 0x4e, 0x71,
                                    0xa8, 0x84, 0xa9, 0x61, 0xc5, 0x00, 0x51, 0x5f,
                                    0x58, 0xe3, 0x0b, 0x6a, 0xa5, 0x82, 0xdd, 0x8d,
                                    0xb6, 0xa6, 0x59, 0x45, 0xe0, 0x8d, 0x2d, 0x76};
          std::copy(base, base + 32, items.begin());
          Status sent = SendList(ch, ListTag::kReceiverBlinded, items, 32);
          auto m = sent.ok() ? ch.Receive() : Result<Bytes>(sent.error());
          ASSERT_FALSE(m.ok());
          EXPECT_EQ(m.error().code, ErrorCode::kBadInput);
          EXPECT_EQ(m.error().message.rfind("peer ended the session: malformed message from peer: "
                                            "element 1 is not a valid ",
                                            0),
                    0u)
              << m.error().message;
        });
  }
}

}  // namespace
}  // namespace cleanroom::psi

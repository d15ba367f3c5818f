// Test support for src/psi: two SecureChannels over TCP on 127.0.0.1, the server side run on
// its own thread, and fixed identities for both parties.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "psi/secure_channel.h"

namespace cleanroom::psi::loopback {

inline const Ed25519KeyPair& ServerKey() {
  static const Ed25519KeyPair* k = new Ed25519KeyPair(Ed25519KeyPair::Generate());
  return *k;
}
inline const Ed25519KeyPair& ClientKey() {
  static const Ed25519KeyPair* k = new Ed25519KeyPair(Ed25519KeyPair::Generate());
  return *k;
}

struct SessionSetup {
  HelloSettings server_settings, client_settings;
  ChannelOptions server_options, client_options;
};

// Runs `server` and `client` on the two ends of one authenticated session.
inline void RunSession(const std::function<void(SecureChannel&)>& server,
                       const std::function<void(SecureChannel&)>& client,
                       const SessionSetup& setup = {}) {
  auto listener = Listener::Listen({"127.0.0.1", 0});
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  std::thread t([&] {
    auto sock = listener->Accept(20);
    ASSERT_TRUE(sock.ok()) << sock.error().message;
    auto ch = SecureChannel::Establish(std::move(*sock), Side::kServer, ServerKey(),
                                       ClientKey().public_key(), setup.server_settings,
                                       setup.server_options);
    ASSERT_TRUE(ch.ok()) << ch.error().message;
    server(**ch);
  });
  auto sock = Connect({"127.0.0.1", listener->port()}, 5);
  if (sock.ok()) {
    auto ch = SecureChannel::Establish(std::move(*sock), Side::kClient, ClientKey(),
                                       ServerKey().public_key(), setup.client_settings,
                                       setup.client_options);
    EXPECT_TRUE(ch.ok()) << ch.error().message;
    if (ch.ok()) client(**ch);
  } else {
    ADD_FAILURE() << sock.error().message;
  }
  t.join();
}

}  // namespace cleanroom::psi::loopback

// SecureChannel: an authenticated, encrypted, framed message channel between two parties who
// know each other's Ed25519 identity keys (from the command line), over one TCP socket.
//
// Handshake: each side sends a plaintext Hello (protocol magic, its side, an ephemeral X25519
// key, a fresh nonce, its identity key, the session settings). Both sides check that the
// settings agree and that the peer's identity key is the one expected; the session keys come
// from crypto_kx (X25519) expanded by HKDF with the transcript hash (both Hellos) as salt; then
// each side sends, encrypted, an Ed25519 signature over (its side, transcript). A session thus
// binds both identities, both ephemeral keys and the settings; no data is accepted before the
// peer's signature verifies. Afterwards every message is one AES-256-GCM frame under a
// per-direction key with a per-direction counter as nonce (no reordering, replay or reuse).
//
// Errors end the session: the side that detects one sends an Abort (its error code and a
// one-line reason) when it can and returns the error; the other side returns
// "peer ended the session: <reason>" with the same code. Not thread-safe.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "common/bytes.h"
#include "common/error.h"
#include "crypto/ed25519.h"
#include "crypto/secret_bytes.h"
#include "psi/socket.h"

namespace cleanroom::psi {

enum class Side : uint8_t { kServer = 0, kClient = 1 };

struct ChannelOptions {
  size_t max_frame = kDefaultMaxFrame;
  int timeout_seconds = 300;  // per read
};

// What a side announces in its Hello besides keys.
struct HelloSettings {
  std::string agreed;  // must be byte-identical on both sides (mode, group, k, ...)
  uint8_t flags = 0;   // this side's own facts (e.g. "has values"), given to the peer
};

class SecureChannel {
 public:
  // Runs the handshake over `sock`. kIntegrity when the peer is not `expected_peer` or its
  // signature fails, kUsage when the settings differ, kBadInput for a malformed handshake.
  static Result<std::unique_ptr<SecureChannel>> Establish(Socket sock, Side side,
                                                          const Ed25519KeyPair& identity,
                                                          const Ed25519PublicKey& expected_peer,
                                                          const HelloSettings& settings,
                                                          const ChannelOptions& options = {});
  SecureChannel(const SecureChannel&) = delete;
  SecureChannel& operator=(const SecureChannel&) = delete;
  ~SecureChannel();

  Status Send(ByteView message);
  // The next message; an Abort from the peer becomes its error.
  Result<Bytes> Receive();
  // Best effort: tells the peer why the session ends, then shuts the socket. Returns `e`.
  Error Abort(Error e);

  // SHA-256 of the handshake transcript: unique to this session, known to both sides.
  const std::array<uint8_t, 32>& session_id() const { return session_id_; }
  uint8_t peer_flags() const { return peer_flags_; }
  Side side() const { return side_; }
  size_t max_frame() const { return options_.max_frame; }

  // For tests of the peer's error handling: an encrypted frame of an unknown type.
  Status SendUnknownFrameForTesting(ByteView payload) { return SendTyped(0x7f, payload); }

 private:
  SecureChannel() = default;
  Status SendTyped(uint8_t type, ByteView payload);
  Result<Bytes> ReceiveTyped(uint8_t* type);

  Socket sock_;
  Side side_ = Side::kServer;
  ChannelOptions options_;
  SecretBytes send_key_, recv_key_;
  uint64_t send_counter_ = 0, recv_counter_ = 0;
  std::array<uint8_t, 32> session_id_{};
  uint8_t peer_flags_ = 0;
  bool aborted_ = false;
};

}  // namespace cleanroom::psi

#include "psi/secure_channel.h"

#include <sodium.h>

#include <cstring>

#include "crypto/aead.h"
#include "crypto/csprng.h"
#include "crypto/hkdf.h"
#include "crypto/sha256.h"
#include "crypto/sodium_init.h"

namespace cleanroom::psi {
namespace {

constexpr char kMagic[16] = "cleanroom-psi/1";  // 15 characters and a NUL
constexpr size_t kHelloFixed = 16 + 1 + 32 + 32 + 32 + 1 + 4;
constexpr size_t kMaxSettings = 4096;
constexpr std::string_view kSignContext = "cleanroom-psi/1 handshake signature";

enum FrameType : uint8_t { kData = 0, kAbortType = 1, kAuth = 2 };

struct Hello {
  Side side = Side::kServer;
  std::array<uint8_t, 32> kx_public{};
  std::array<uint8_t, 32> nonce{};
  Ed25519PublicKey identity;
  uint8_t flags = 0;
  std::string agreed;
};

Bytes EncodeHello(const Hello& h) {
  Bytes out(kMagic, kMagic + 16);
  out.push_back(static_cast<uint8_t>(h.side));
  Append(out, h.kx_public);
  Append(out, h.nonce);
  Append(out, h.identity.bytes);
  out.push_back(h.flags);
  AppendU32BE(out, static_cast<uint32_t>(h.agreed.size()));
  Append(out, AsBytes(h.agreed));
  return out;
}

Result<Hello> DecodeHello(ByteView b) {
  auto bad = [](const std::string& what) {
    return MakeError(ErrorCode::kBadInput, "malformed handshake from peer: " + what);
  };
  if (b.size() < kHelloFixed) return bad("too short");
  if (std::memcmp(b.data(), kMagic, 16) != 0) return bad("not a cleanroom-psi/1 peer");
  Hello h;
  size_t at = 16;
  if (b[at] > 1) return bad("unknown side");
  h.side = static_cast<Side>(b[at++]);
  std::memcpy(h.kx_public.data(), b.data() + at, 32);
  at += 32;
  std::memcpy(h.nonce.data(), b.data() + at, 32);
  at += 32;
  std::memcpy(h.identity.bytes.data(), b.data() + at, 32);
  at += 32;
  h.flags = b[at++];
  uint32_t len = ReadU32BE(b.data() + at);
  at += 4;
  if (len > kMaxSettings || b.size() != at + len) return bad("bad settings length");
  h.agreed.assign(reinterpret_cast<const char*>(b.data() + at), len);
  return h;
}

Bytes Nonce(uint64_t counter) {
  Bytes n(4, 0);
  AppendU64BE(n, counter);
  return n;
}

Bytes SignedBlob(Side side, const std::array<uint8_t, 32>& transcript) {
  Bytes m = ToBytes(kSignContext);
  m.push_back(static_cast<uint8_t>(side));
  Append(m, transcript);
  return m;
}

}  // namespace

SecureChannel::~SecureChannel() = default;

Result<std::unique_ptr<SecureChannel>> SecureChannel::Establish(
    Socket sock, Side side, const Ed25519KeyPair& identity, const Ed25519PublicKey& expected_peer,
    const HelloSettings& settings, const ChannelOptions& options) {
  EnsureSodium();
  if (settings.agreed.size() > kMaxSettings) {
    return MakeError(ErrorCode::kInternal, "session settings too long");
  }
  std::unique_ptr<SecureChannel> ch(new SecureChannel());
  ch->sock_ = std::move(sock);
  ch->side_ = side;
  ch->options_ = options;
  ch->sock_.SetTimeoutSeconds(options.timeout_seconds);

  // 1. Hellos.
  std::array<uint8_t, 32> kx_pk;
  SecretBytes kx_sk(crypto_kx_SECRETKEYBYTES);
  crypto_kx_keypair(kx_pk.data(), kx_sk.data());
  Hello mine{side, kx_pk, {}, identity.public_key(), settings.flags, settings.agreed};
  RandomBytes(mine.nonce);
  Bytes my_hello = EncodeHello(mine);
  CR_RETURN_IF_ERROR(ch->sock_.SendFrame(my_hello));
  auto peer_frame = ch->sock_.RecvFrame(options.max_frame);
  if (!peer_frame.ok()) {
    Error e = std::move(peer_frame).error();
    if (e.message == "connection closed by peer") e.message += " during the handshake";
    ch->sock_.Shutdown();
    return e;
  }
  auto peer_or = DecodeHello(*peer_frame);
  if (!peer_or.ok()) {
    ch->sock_.Shutdown();
    return std::move(peer_or).error();
  }
  Hello peer = std::move(peer_or).value();
  if (peer.side == side) {
    ch->sock_.Shutdown();
    return MakeError(ErrorCode::kUsage, std::string("both parties are the ") +
                                            (side == Side::kServer ? "server" : "client"));
  }
  if (peer.agreed != settings.agreed) {
    ch->sock_.Shutdown();
    // The peer's settings are unauthenticated bytes: quoted on one line, escapes written out.
    return MakeError(ErrorCode::kUsage, "the peer's session settings differ: peer has '" +
                                            OneLineText(peer.agreed) + "', we have '" +
                                            settings.agreed + "'");
  }
  ch->peer_flags_ = peer.flags;

  // 2. Keys bound to the transcript.
  const Bytes& client_hello = side == Side::kClient ? my_hello : *peer_frame;
  const Bytes& server_hello = side == Side::kServer ? my_hello : *peer_frame;
  Sha256Hasher th;
  th.Update(AsBytes("cleanroom-psi/1 transcript"));
  Bytes len;
  AppendU32BE(len, static_cast<uint32_t>(client_hello.size()));
  th.Update(len);
  th.Update(client_hello);
  th.Update(server_hello);
  ch->session_id_ = th.Finish();

  SecretBytes rx(crypto_kx_SESSIONKEYBYTES), tx(crypto_kx_SESSIONKEYBYTES);
  int kx_rc = side == Side::kClient
                  ? crypto_kx_client_session_keys(rx.data(), tx.data(), kx_pk.data(), kx_sk.data(),
                                                  peer.kx_public.data())
                  : crypto_kx_server_session_keys(rx.data(), tx.data(), kx_pk.data(), kx_sk.data(),
                                                  peer.kx_public.data());
  if (kx_rc != 0) {
    ch->sock_.Shutdown();
    return MakeError(ErrorCode::kBadInput, "malformed handshake from peer: bad ephemeral key");
  }
  auto info = AsBytes("cleanroom-psi/1 traffic key");
  CR_ASSIGN_OR_RETURN(ch->send_key_, HkdfSha256(tx.view(), ch->session_id_, info, 32));
  CR_ASSIGN_OR_RETURN(ch->recv_key_, HkdfSha256(rx.view(), ch->session_id_, info, 32));

  // 3. Is the peer who we expect?
  if (!(peer.identity == expected_peer)) {
    return ch->Abort(
        MakeError(ErrorCode::kIntegrity, "the peer's identity key is " + peer.identity.ToText() +
                                             ", not the expected " + expected_peer.ToText()));
  }
  Ed25519Signature sig = identity.Sign(SignedBlob(side, ch->session_id_));
  CR_RETURN_IF_ERROR(ch->SendTyped(kAuth, sig));
  uint8_t type = 0;
  auto auth = ch->ReceiveTyped(&type);
  if (!auth.ok()) return ch->Abort(std::move(auth).error());
  Side peer_side = side == Side::kServer ? Side::kClient : Side::kServer;
  if (type != kAuth ||
      !Ed25519Verify(peer.identity, SignedBlob(peer_side, ch->session_id_), *auth)) {
    return ch->Abort(
        MakeError(ErrorCode::kIntegrity, "the peer's handshake signature does not verify"));
  }
  return ch;
}

Status SecureChannel::SendTyped(uint8_t type, ByteView payload) {
  if (aborted_) return MakeError(ErrorCode::kInternal, "the session has ended");
  Bytes plain;
  plain.reserve(payload.size() + 1);
  plain.push_back(type);
  Append(plain, payload);
  CR_ASSIGN_OR_RETURN(Bytes sealed, Aes256GcmSeal(send_key_, Nonce(send_counter_++), {}, plain));
  Status sent = sock_.SendFrame(sealed);
  if (!sent.ok() && type != kAbortType) {
    // The peer may have stopped reading because it ended the session: report its reason.
    sock_.SetTimeoutSeconds(2);
    uint8_t t = 0;
    auto why = ReceiveTyped(&t);
    if (!why.ok() && why.error().message.rfind("peer ended the session", 0) == 0) {
      return std::move(why).error();
    }
  }
  return sent;
}

Result<Bytes> SecureChannel::ReceiveTyped(uint8_t* type) {
  if (aborted_) return MakeError(ErrorCode::kInternal, "the session has ended");
  // The limit is on what a sender may put in one message, plus the type byte and the tag.
  CR_ASSIGN_OR_RETURN(Bytes frame, sock_.RecvFrame(options_.max_frame + 1 + kGcmTagSize));
  auto plain = Aes256GcmOpen(recv_key_, Nonce(recv_counter_++), {}, frame);
  if (!plain.ok()) {
    return MakeError(ErrorCode::kIntegrity,
                     "a message from the peer failed authentication (altered, replayed or "
                     "reordered)");
  }
  if (plain->empty()) return MakeError(ErrorCode::kBadInput, "empty frame from peer");
  *type = (*plain)[0];
  Bytes body(plain->begin() + 1, plain->end());
  if (*type == kAbortType) {
    aborted_ = true;
    sock_.Shutdown();
    ErrorCode code = ErrorCode::kInternal;
    if (!body.empty() && body[0] <= static_cast<uint8_t>(ErrorCode::kBadInput)) {
      code = static_cast<ErrorCode>(body[0]);
    }
    std::string reason = body.size() > 1 ? std::string(AsChars(ByteView(body).subspan(1)))
                                         : std::string("no reason given");
    return MakeError(code, "peer ended the session: " + OneLineText(reason));
  }
  return body;
}

Status SecureChannel::Send(ByteView message) {
  if (message.size() > options_.max_frame) {
    return MakeError(ErrorCode::kInternal, "message of " + std::to_string(message.size()) +
                                               " bytes exceeds the frame limit");
  }
  return SendTyped(kData, message);
}

Result<Bytes> SecureChannel::Receive() {
  uint8_t type = 0;
  CR_ASSIGN_OR_RETURN(Bytes body, ReceiveTyped(&type));
  if (type != kData) {
    return MakeError(ErrorCode::kBadInput,
                     "malformed message from peer: unexpected frame type " + std::to_string(type));
  }
  return body;
}

Error SecureChannel::Abort(Error e) {
  if (!aborted_ && !send_key_.empty()) {
    Bytes body;
    body.push_back(static_cast<uint8_t>(e.code));
    Append(body, AsBytes(std::string_view(e.message).substr(0, 512)));
    (void)SendTyped(kAbortType, body);
    // Drain what the peer is still sending (briefly) so that closing does not reset the
    // connection and discard our Abort before the peer reads it.
    sock_.ShutdownWrite();
    sock_.SetTimeoutSeconds(2);
    uint8_t sink[65536];
    for (size_t drained = 0; drained < (size_t{256} << 20); drained += sizeof sink) {
      if (!sock_.RecvSome(sink).ok()) break;
    }
  }
  aborted_ = true;
  sock_.Shutdown();
  return e;
}

}  // namespace cleanroom::psi

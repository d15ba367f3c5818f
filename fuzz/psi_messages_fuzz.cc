// What a PSI party decodes from its peer after the handshake, each the way a protocol step
// of psi_protocol.cc or intersection_sum.cc reads it: the list and message framing of
// psi/messages.h (ReceiveList, ReceiveMessage) and then the step's own reading of the body —
// group elements (EcdhCipher::Reblind, x25519 and ristretto255), a Paillier modulus
// (PaillierPublicKey::FromBytes), ciphertexts (ParseInRange, Parse, Decrypt), sums.
//
// Input: one byte choosing the step, then the peer's messages, each as a 2-byte big-endian
// length (at most 8192) and that many bytes. They are sent through a real session (psi_session.h),
// followed by a fence message no decoder accepts, so a decoder that wants more stops there; what it
// leaves unread is drained before the next input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/file_io.h"
#include "crypto/paillier.h"
#include "fixed_keys.h"
#include "fuzz_support.h"
#include "psi/ecdh_cipher.h"
#include "psi/messages.h"
#include "psi_session.h"

namespace cleanroom::fuzz {
namespace {

using psi::ListTag;
using psi::MsgType;

constexpr size_t kMaxInput = size_t{64} << 10;  // with the fences, fits a socketpair's buffer
constexpr size_t kMaxMessages = 64;
constexpr size_t kMaxMessageBytes = 8192;
constexpr size_t kReblindAtMost = 4;  // elements per input: the check is per element
// ReceiveList's limit is a parameter (2^24 items by default); 512 here keeps an announced
// count from reserving 64 MiB per input, which under ASan was most of the target's time.
// The check is the same code.
constexpr uint64_t kListLimit = 512;
// Longer than any input message, so never mistaken for one.
constexpr size_t kFenceSize = kMaxMessageBytes + 1;

// Fixed keys (fixed_keys.h), so that an input always meets the same party.
psi::EcdhCipher Cipher(psi::Group group) {
  Result<psi::EcdhCipher> c = psi::EcdhCipher::CreateFromKey(group, FixedEcdhKey(), 1);
  if (!c.ok()) Fail("ECDH key", c.error().message);
  return std::move(c).value();
}

PaillierPrivateKey LoadPaillierKey() {
  Result<Bytes> secret = ReadBinaryFile(PaillierKeyPath());
  if (!secret.ok()) Fail("Paillier key", secret.error().message);
  Result<PaillierPrivateKey> k = PaillierPrivateKey::Deserialize(*secret);
  if (!k.ok()) Fail("Paillier key", k.error().message);
  return std::move(k).value();
}

struct Keys {
  psi::EcdhCipher x25519 = Cipher(psi::Group::kX25519);
  psi::EcdhCipher ristretto = Cipher(psi::Group::kRistretto255);
  PaillierPrivateKey paillier = LoadPaillierKey();
  BigInt mask = BigInt::FromBytes(Bytes{0x2a});  // A's r (random in the protocol)
};

const Keys& TheKeys() {
  static const Keys* keys = new Keys;
  return *keys;
}

void CheckPeerError(std::string_view step, const Error& e) {
  CheckError(step, e, {ErrorCode::kBadInput});
}

void Reblind(ByteView elements) {
  ByteView some = elements.first(std::min(elements.size(), kReblindAtMost * psi::kElementSize));
  for (const psi::EcdhCipher* c : {&TheKeys().x25519, &TheKeys().ristretto}) {
    Result<Bytes> r = c->Reblind(some);
    if (!r.ok()) CheckPeerError("Reblind", r.error());
  }
}

// The step chosen by `which`, run on what the peer sent.
void Decode(psi::SecureChannel& ch, uint8_t which) {
  const PaillierPublicKey& pk = TheKeys().paillier.public_key();
  const size_t ct_size = pk.ciphertext_size();
  switch (which % 9) {
    case 0:
    case 1:
    case 2: {
      const ListTag tags[] = {ListTag::kReceiverBlinded, ListTag::kReceiverDoubleBlinded,
                              ListTag::kSenderBlinded};
      Result<Bytes> list = psi::ReceiveList(ch, tags[which % 9], psi::kElementSize, kListLimit);
      if (!list.ok()) return CheckPeerError("ReceiveList", list.error());
      return Reblind(*list);
    }
    case 3: {  // the sender's crosswalk, for a sender with 8 ids
      Result<Bytes> list =
          psi::ReceiveList(ch, ListTag::kCrosswalkForSender, 4 + psi::kElementSize, 8);
      if (!list.ok()) CheckPeerError("ReceiveList", list.error());
      return;
    }
    case 4: {  // party A: B's (element, ciphertext) pairs
      const size_t item = psi::kElementSize + ct_size;
      Result<Bytes> pairs = psi::ReceiveList(ch, ListTag::kValuesEncrypted, item, kListLimit);
      if (!pairs.ok()) return CheckPeerError("ReceiveList", pairs.error());
      PaillierCiphertext acc = pk.Zero();
      for (size_t at = 0; at < pairs->size() && at < 4 * item; at += item) {
        Reblind(ByteView(*pairs).subspan(at, psi::kElementSize));
        auto c = pk.ParseInRange(ByteView(*pairs).subspan(at + psi::kElementSize, ct_size));
        if (!c.ok()) return CheckPeerError("ParseInRange", c.error());
        acc = pk.Add(acc, *c);
      }
      Status unit = pk.CheckCoprime(acc);
      if (!unit.ok()) CheckPeerError("CheckCoprime", unit.error());
      return;
    }
    case 5: {
      Result<Bytes> summary = psi::ReceiveMessage(ch, MsgType::kSummary, 8);
      if (!summary.ok()) CheckPeerError("ReceiveMessage", summary.error());
      return;
    }
    case 6: {  // party A: B's Paillier key
      Result<Bytes> n = psi::ReceiveMessage(ch, MsgType::kPaillierKey, std::string::npos);
      if (!n.ok()) return CheckPeerError("ReceiveMessage", n.error());
      Result<PaillierPublicKey> key = PaillierPublicKey::FromBytes(*n, kPaillierDefaultBits);
      if (!key.ok()) CheckPeerError("PaillierPublicKey::FromBytes", key.error());
      return;
    }
    case 7: {  // party B: A's size and masked sum
      Result<Bytes> reply = psi::ReceiveMessage(ch, MsgType::kMaskedSum, std::string::npos);
      if (!reply.ok()) return CheckPeerError("ReceiveMessage", reply.error());
      if (reply->size() != 8 + ct_size) return;
      auto c = pk.Parse(ByteView(*reply).subspan(8));
      if (!c.ok()) return CheckPeerError("Parse", c.error());
      (void)TheKeys().paillier.Decrypt(*c);
      return;
    }
    default: {  // party A: B's unmasked sum
      const size_t n_size = (pk.modulus_bits() + 7) / 8;
      Result<Bytes> masked = psi::ReceiveMessage(ch, MsgType::kUnmaskedSum, n_size);
      if (!masked.ok()) return CheckPeerError("ReceiveMessage", masked.error());
      BigInt sum_plus_r = BigInt::FromBytes(*masked);
      if (sum_plus_r.Compare(pk.n()) >= 0) return;
      (void)pk.DecodeSignedDecimal(pk.SubMod(sum_plus_r, TheKeys().mask));
      return;
    }
  }
}

void Send(psi::SecureChannel& ch, ByteView message) {
  Status sent = ch.Send(message);
  if (!sent.ok()) Fail("SecureChannel::Send", sent.error().message);
}

// Receives up to and including the fence `fence_byte`.
void DrainTo(psi::SecureChannel& ch, uint8_t fence_byte) {
  for (;;) {
    Result<Bytes> m = ch.Receive();
    if (!m.ok()) Fail("SecureChannel::Receive", m.error().message);
    if (m->size() == kFenceSize && (*m)[0] == fence_byte) return;
  }
}

}  // namespace
}  // namespace cleanroom::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cleanroom;
  using namespace cleanroom::fuzz;
  if (size == 0 || size > kMaxInput) return 0;
  PsiSession& s = Session();
  size_t at = 1, sent = 0;
  while (at + 2 <= size && sent < kMaxMessages) {
    size_t len =
        std::min({(size_t{data[at]} << 8) | data[at + 1], kMaxMessageBytes, size - at - 2});
    Send(*s.peer, ByteView(data + at + 2, len));
    at += 2 + len;
    ++sent;
  }
  // Type bytes 0xf0 and 0xf1 are no message type: the first fence stops a decoder that
  // wants more; the second, sent once it returned, marks the end of what it left.
  Send(*s.peer, Bytes(kFenceSize, 0xf0));
  Decode(*s.us, data[0]);
  Send(*s.peer, Bytes(kFenceSize, 0xf1));
  DrainTo(*s.us, 0xf1);
  return 0;
}

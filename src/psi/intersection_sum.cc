#include "psi/intersection_sum.h"

#include <cstring>

#include "crypto/paillier.h"
#include "psi/messages.h"
#include "psi/parallel.h"
#include "psi/psi_protocol.h"

namespace cleanroom::psi {

SumIdsParty SumIdsParty::CreateWithNewKey(const SumOptions& o) {
  return SumIdsParty(o, EcdhCipher::CreateWithNewKey(o.group, o.threads));
}

Result<SumOutcome> SumIdsParty::Run(SecureChannel& ch, const std::vector<std::string>& ids) const {
  auto r = RunInner(ch, ids);
  if (!r.ok() && r.error().code != ErrorCode::kPrivacy) return ch.Abort(std::move(r).error());
  return r;
}

Result<SumOutcome> SumIdsParty::RunInner(SecureChannel& ch,
                                         const std::vector<std::string>& ids) const {
  CR_ASSIGN_OR_RETURN(Bytes n_bytes, ReceiveMessage(ch, MsgType::kPaillierKey, std::string::npos));
  auto pk_or = PaillierPublicKey::FromBytes(n_bytes, kPaillierDefaultBits);
  if (!pk_or.ok()) return Malformed(pk_or.error().message);
  const PaillierPublicKey& pk = *pk_or;
  const size_t ct_size = pk.ciphertext_size();

  // A' in a random order (only counts and the sum come back), as in PsiReceiver.
  std::vector<size_t> perm = RandomPermutation(ids.size());
  Bytes a1(ids.size() * kElementSize);
  {
    Bytes blinded = cipher_.HashAndBlind(ids);
    for (size_t j = 0; j < perm.size(); ++j) {
      std::memcpy(a1.data() + j * kElementSize, blinded.data() + perm[j] * kElementSize,
                  kElementSize);
    }
  }
  CR_RETURN_IF_ERROR(SendList(ch, ListTag::kReceiverBlinded, a1, kElementSize));
  CR_ASSIGN_OR_RETURN(Bytes a2, ReceiveList(ch, ListTag::kReceiverDoubleBlinded, kElementSize));
  if (a2.size() != a1.size()) return Malformed("wrong number of double-blinded elements");
  const size_t item = kElementSize + ct_size;
  CR_ASSIGN_OR_RETURN(Bytes pairs, ReceiveList(ch, ListTag::kValuesEncrypted, item));
  size_t m = pairs.size() / item;
  Bytes b1(m * kElementSize);
  for (size_t j = 0; j < m; ++j) {
    std::memcpy(b1.data() + j * kElementSize, pairs.data() + j * item, kElementSize);
  }
  CR_ASSIGN_OR_RETURN(Bytes b2, cipher_.Reblind(b1));

  SumOutcome out;
  out.peer_count = m;
  ElementSet ours(a2);
  PaillierCiphertext acc = pk.Zero();
  for (size_t j = 0; j < m; ++j) {
    if (!ours.Contains(b2.data() + j * kElementSize)) continue;
    auto c = pk.ParseInRange(ByteView(pairs).subspan(j * item + kElementSize, ct_size));
    if (!c.ok()) return Malformed(c.error().message);
    acc = pk.Add(acc, *c);
    ++out.intersection_size;
  }
  // One gcd for the product instead of one per matched ciphertext.
  if (auto unit = pk.CheckCoprime(acc); !unit.ok()) return Malformed(unit.error().message);
  Bytes reply;
  AppendU64BE(reply, out.intersection_size);
  if (out.intersection_size < options_.k) {
    CR_RETURN_IF_ERROR(SendMessage(ch, MsgType::kMaskedSum, reply));
    return BelowThreshold(options_.k);
  }
  BigInt r = pk.RandomPlaintext();
  Append(reply, pk.Serialize(pk.Add(acc, pk.Encrypt(r))));  // Encrypt(r) re-randomises
  CR_RETURN_IF_ERROR(SendMessage(ch, MsgType::kMaskedSum, reply));
  const size_t n_size = (pk.modulus_bits() + 7) / 8;
  CR_ASSIGN_OR_RETURN(Bytes masked, ReceiveMessage(ch, MsgType::kUnmaskedSum, n_size));
  BigInt sum_plus_r = BigInt::FromBytes(masked);
  if (sum_plus_r.Compare(pk.n()) >= 0) return Malformed("decrypted sum out of range");
  out.sum = pk.DecodeSignedDecimal(pk.SubMod(sum_plus_r, r));
  return out;
}

SumValuesParty SumValuesParty::CreateWithNewKey(const SumOptions& o) {
  return SumValuesParty(o, EcdhCipher::CreateWithNewKey(o.group, o.threads));
}

Result<SumOutcome> SumValuesParty::Run(SecureChannel& ch, const std::vector<std::string>& ids,
                                       const std::vector<int64_t>& values) const {
  auto r = RunInner(ch, ids, values);
  if (!r.ok() && r.error().code != ErrorCode::kPrivacy) return ch.Abort(std::move(r).error());
  return r;
}

Result<SumOutcome> SumValuesParty::RunInner(SecureChannel& ch, const std::vector<std::string>& ids,
                                            const std::vector<int64_t>& values) const {
  if (ids.size() != values.size()) {
    return MakeError(ErrorCode::kInternal, "ids and values differ in length");
  }
  CR_ASSIGN_OR_RETURN(PaillierPrivateKey sk, PaillierPrivateKey::Generate(options_.paillier_bits));
  const PaillierPublicKey& pk = sk.public_key();
  CR_RETURN_IF_ERROR(SendMessage(ch, MsgType::kPaillierKey, pk.ToBytes()));
  const size_t ct_size = pk.ciphertext_size();
  const size_t item = kElementSize + ct_size;

  // Our pairs, shuffled, while A blinds its set.
  std::vector<size_t> perm = RandomPermutation(ids.size());
  std::vector<std::string> shuffled(ids.size());
  for (size_t j = 0; j < perm.size(); ++j) shuffled[j] = ids[perm[j]];
  Bytes b1 = cipher_.HashAndBlind(shuffled);
  Bytes pairs(ids.size() * item);
  ParallelFor(ids.size(), options_.threads, [&](size_t b, size_t e) {
    for (size_t j = b; j < e; ++j) {
      std::memcpy(pairs.data() + j * item, b1.data() + j * kElementSize, kElementSize);
      Bytes c = pk.Serialize(sk.Encrypt(pk.EncodeSigned(values[perm[j]])));
      std::memcpy(pairs.data() + j * item + kElementSize, c.data(), ct_size);
    }
  });

  CR_ASSIGN_OR_RETURN(Bytes a1, ReceiveList(ch, ListTag::kReceiverBlinded, kElementSize));
  CR_ASSIGN_OR_RETURN(Bytes a2, cipher_.Reblind(a1));
  std::vector<size_t> perm_a = RandomPermutation(a2.size() / kElementSize);
  Bytes a2s(a2.size());
  for (size_t j = 0; j < perm_a.size(); ++j) {
    std::memcpy(a2s.data() + j * kElementSize, a2.data() + perm_a[j] * kElementSize, kElementSize);
  }
  CR_RETURN_IF_ERROR(SendList(ch, ListTag::kReceiverDoubleBlinded, a2s, kElementSize));
  CR_RETURN_IF_ERROR(SendList(ch, ListTag::kValuesEncrypted, pairs, item));

  SumOutcome out;
  out.peer_count = a1.size() / kElementSize;
  CR_ASSIGN_OR_RETURN(Bytes reply, ReceiveMessage(ch, MsgType::kMaskedSum, std::string::npos));
  if (reply.size() < 8) return Malformed("masked sum too short");
  out.intersection_size = ReadU64BE(reply.data());
  if (out.intersection_size > std::min<uint64_t>(ids.size(), out.peer_count)) {
    return Malformed("intersection size larger than either set");
  }
  if (out.intersection_size < options_.k) {
    if (reply.size() != 8) return Malformed("a sum below the threshold");
    return BelowThreshold(options_.k);
  }
  if (reply.size() != 8 + ct_size) return Malformed("masked sum of the wrong size");
  auto c = pk.Parse(ByteView(reply).subspan(8));
  if (!c.ok()) return Malformed(c.error().message);
  BigInt masked = sk.Decrypt(*c);
  CR_RETURN_IF_ERROR(
      SendMessage(ch, MsgType::kUnmaskedSum, masked.ToBytes((pk.modulus_bits() + 7) / 8)));
  return out;
}

}  // namespace cleanroom::psi

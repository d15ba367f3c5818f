#include "psi/psi_protocol.h"

#include <algorithm>
#include <cstring>

#include "common/hex.h"
#include "crypto/csprng.h"
#include "crypto/sha256.h"
#include "psi/messages.h"

namespace cleanroom::psi {
namespace {

constexpr size_t kCrosswalkItem = 4 + kElementSize;

std::string Pseudonym(const std::array<uint8_t, 32>& session, const uint8_t* element) {
  Bytes m = ToBytes("cleanroom-psi/1 crosswalk");
  Append(m, session);
  Append(m, ByteView(element, kElementSize));
  Sha256Digest d = Sha256(ByteView(m));
  return HexEncode(ByteView(d.data(), 16));  // 128 bits
}

Bytes Permute(ByteView flat, const std::vector<size_t>& perm, size_t item) {
  Bytes out(flat.size());
  for (size_t j = 0; j < perm.size(); ++j) {
    std::memcpy(out.data() + j * item, flat.data() + perm[j] * item, item);
  }
  return out;
}

// The inverse of Permute: out[perm[j]] = flat[j].
Bytes Unpermute(ByteView flat, const std::vector<size_t>& perm, size_t item) {
  Bytes out(flat.size());
  for (size_t j = 0; j < perm.size(); ++j) {
    std::memcpy(out.data() + perm[j] * item, flat.data() + j * item, item);
  }
  return out;
}

}  // namespace

const char* RevealName(Reveal r) {
  switch (r) {
    case Reveal::kSize:
      return "size";
    case Reveal::kIntersection:
      return "intersection";
    case Reveal::kCrosswalk:
      return "crosswalk";
    case Reveal::kSum:
      return "sum";
  }
  return "?";
}

Result<Reveal> ParseReveal(std::string_view name) {
  for (Reveal r : {Reveal::kSize, Reveal::kIntersection, Reveal::kCrosswalk, Reveal::kSum}) {
    if (name == RevealName(r)) return r;
  }
  return MakeError(ErrorCode::kUsage, "unknown --reveal '" + std::string(name) +
                                          "' (use size, intersection, crosswalk or sum)");
}

std::vector<size_t> RandomPermutation(size_t n) {
  std::vector<size_t> p(n);
  for (size_t i = 0; i < n; ++i) p[i] = i;
  for (size_t i = n; i > 1; --i) std::swap(p[i - 1], p[RandomUniform(i)]);
  return p;
}

ElementSet::ElementSet(ByteView flat) {
  sorted_.resize(flat.size() / kElementSize);
  for (size_t i = 0; i < sorted_.size(); ++i) {
    std::memcpy(sorted_[i].data(), flat.data() + i * kElementSize, kElementSize);
  }
  std::sort(sorted_.begin(), sorted_.end());
}

bool ElementSet::Contains(const uint8_t* element) const {
  std::array<uint8_t, kElementSize> key;
  std::memcpy(key.data(), element, kElementSize);
  return std::binary_search(sorted_.begin(), sorted_.end(), key);
}

Error BelowThreshold(uint64_t k) {
  return MakeError(ErrorCode::kPrivacy, "the intersection is below the threshold k=" +
                                            std::to_string(k) + "; no result is released");
}

PsiReceiver PsiReceiver::CreateWithNewKey(const PsiOptions& o) {
  return PsiReceiver(o, EcdhCipher::CreateWithNewKey(o.group, o.threads));
}

Result<PsiOutcome> PsiReceiver::Run(SecureChannel& ch, const std::vector<std::string>& ids) const {
  auto r = RunInner(ch, ids);
  if (!r.ok() && r.error().code != ErrorCode::kPrivacy) return ch.Abort(std::move(r).error());
  return r;
}

Result<PsiOutcome> PsiReceiver::RunInner(SecureChannel& ch,
                                         const std::vector<std::string>& ids) const {
  // A' goes out in a random order, not in our input order, so that nothing the sender can
  // compute per element (on x25519: whether H(a) lies on the curve or on its twist) is tied
  // to one of our rows. A'' comes back in the same order and is put back in ours.
  std::vector<size_t> perm = RandomPermutation(ids.size());
  Bytes a1 = Permute(cipher_.HashAndBlind(ids), perm, kElementSize);
  CR_RETURN_IF_ERROR(SendList(ch, ListTag::kReceiverBlinded, a1, kElementSize));
  CR_ASSIGN_OR_RETURN(Bytes a2s, ReceiveList(ch, ListTag::kReceiverDoubleBlinded, kElementSize));
  if (a2s.size() != a1.size()) {
    return Malformed("the peer returned " + std::to_string(a2s.size() / kElementSize) +
                     " elements for our " + std::to_string(ids.size()));
  }
  Bytes a2 = Unpermute(a2s, perm, kElementSize);
  CR_ASSIGN_OR_RETURN(Bytes b1, ReceiveList(ch, ListTag::kSenderBlinded, kElementSize));
  CR_ASSIGN_OR_RETURN(Bytes b2, cipher_.Reblind(b1));

  PsiOutcome out;
  out.peer_count = b1.size() / kElementSize;
  ElementSet theirs(b2);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (theirs.Contains(a2.data() + i * kElementSize)) out.matched.push_back(i);
  }
  out.intersection_size = out.matched.size();
  bool withheld = out.intersection_size < options_.k;
  if (options_.reveal == Reveal::kCrosswalk) {
    ElementSet ours(a2);
    Bytes items;
    for (size_t j = 0; j < out.peer_count && !withheld; ++j) {
      const uint8_t* e = b2.data() + j * kElementSize;
      if (!ours.Contains(e)) continue;
      AppendU32BE(items, static_cast<uint32_t>(j));
      Append(items, ByteView(e, kElementSize));
    }
    CR_RETURN_IF_ERROR(SendList(ch, ListTag::kCrosswalkForSender, items, kCrosswalkItem));
    for (size_t i : out.matched) {
      if (withheld) break;
      out.pseudonyms.push_back(Pseudonym(ch.session_id(), a2.data() + i * kElementSize));
    }
  }
  Bytes summary;
  AppendU64BE(summary, out.intersection_size);
  CR_RETURN_IF_ERROR(SendMessage(ch, MsgType::kSummary, summary));
  if (withheld) return BelowThreshold(options_.k);
  if (options_.reveal == Reveal::kSize) out.matched.clear();  // A'' was shuffled: no rows
  return out;
}

PsiSender PsiSender::CreateWithNewKey(const PsiOptions& o) {
  return PsiSender(o, EcdhCipher::CreateWithNewKey(o.group, o.threads));
}

Result<PsiOutcome> PsiSender::Run(SecureChannel& ch, const std::vector<std::string>& ids) const {
  auto r = RunInner(ch, ids);
  if (!r.ok() && r.error().code != ErrorCode::kPrivacy) return ch.Abort(std::move(r).error());
  return r;
}

Result<PsiOutcome> PsiSender::RunInner(SecureChannel& ch,
                                       const std::vector<std::string>& ids) const {
  // Our own elements first: this overlaps with the receiver's work on its own.
  std::vector<size_t> perm = RandomPermutation(ids.size());
  Bytes b1 = Permute(cipher_.HashAndBlind(ids), perm, kElementSize);

  CR_ASSIGN_OR_RETURN(Bytes a1, ReceiveList(ch, ListTag::kReceiverBlinded, kElementSize));
  CR_ASSIGN_OR_RETURN(Bytes a2, cipher_.Reblind(a1));
  if (options_.reveal == Reveal::kSize) {
    a2 = Permute(a2, RandomPermutation(a2.size() / kElementSize), kElementSize);
  }
  CR_RETURN_IF_ERROR(SendList(ch, ListTag::kReceiverDoubleBlinded, a2, kElementSize));
  CR_RETURN_IF_ERROR(SendList(ch, ListTag::kSenderBlinded, b1, kElementSize));

  PsiOutcome out;
  out.peer_count = a1.size() / kElementSize;
  std::vector<std::pair<size_t, std::string>> crosswalk;
  if (options_.reveal == Reveal::kCrosswalk) {
    // Empty when the result is withheld.
    CR_ASSIGN_OR_RETURN(Bytes items,
                        ReceiveList(ch, ListTag::kCrosswalkForSender, kCrosswalkItem, ids.size()));
    std::vector<bool> seen(ids.size(), false);
    for (size_t at = 0; at < items.size(); at += kCrosswalkItem) {
      uint32_t j = ReadU32BE(items.data() + at);
      if (j >= ids.size() || seen[j]) return Malformed("bad index in the crosswalk list");
      seen[j] = true;
      crosswalk.emplace_back(perm[j], Pseudonym(ch.session_id(), items.data() + at + 4));
    }
  }
  CR_ASSIGN_OR_RETURN(Bytes summary, ReceiveMessage(ch, MsgType::kSummary, 8));
  out.intersection_size = ReadU64BE(summary.data());
  if (out.intersection_size > std::min(ids.size(), a1.size() / kElementSize)) {
    return Malformed("intersection size larger than either set");
  }
  if (out.intersection_size < options_.k) return BelowThreshold(options_.k);
  if (options_.reveal == Reveal::kCrosswalk) {
    if (crosswalk.size() != out.intersection_size) {  // (duplicates are refused above)
      return Malformed("crosswalk and intersection size disagree");
    }
    std::sort(crosswalk.begin(), crosswalk.end());
    for (auto& [i, p] : crosswalk) {
      out.matched.push_back(i);
      out.pseudonyms.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace cleanroom::psi

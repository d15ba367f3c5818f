// ECDH-PSI between a receiver (the connecting side) and a sender (the serving side), each with
// a set of distinct normalised identifiers, over an established SecureChannel.
//
//   receiver -> sender : A' = [H(a)^alpha] in a random order (the receiver keeps it)
//   sender -> receiver : A'' = [(H(a)^alpha)^beta] in the same order (shuffled for kSize)
//                        B'  = [H(b)^beta], shuffled
//   receiver           : B'' = [(H(b)^beta)^alpha]; a matched iff A''[a] is in B''
//   receiver -> sender : (kCrosswalk) for each matched b: its index in B' and B''[b]
//   receiver -> sender : the intersection size (both sides report it)
//
// What each side learns: kSize - both the size only; kIntersection - the receiver which of its
// ids matched, the sender the size; kCrosswalk - each side which of its own ids matched and,
// for each, a pseudonym SHA-256(session id, H(x)^(alpha beta)) equal on both sides, distinct
// per session. Both always learn the other's number of distinct ids. With k > 0 a result below
// k is withheld from both (kPrivacy). Security argument: docs/psi.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "psi/ecdh_cipher.h"
#include "psi/secure_channel.h"

namespace cleanroom::psi {

enum class Reveal { kSize, kIntersection, kCrosswalk, kSum };
const char* RevealName(Reveal r);
// kUsage unless size, intersection, crosswalk or sum.
Result<Reveal> ParseReveal(std::string_view name);

struct PsiOutcome {
  uint64_t intersection_size = 0;
  uint64_t peer_count = 0;              // distinct ids the peer brought
  std::vector<size_t> matched;          // indices into this side's ids, ascending (when revealed)
  std::vector<std::string> pseudonyms;  // kCrosswalk: hex, parallel to `matched`
};

struct PsiOptions {
  Group group = Group::kRistretto255;
  Reveal reveal = Reveal::kIntersection;
  uint64_t k = 0;  // withhold results below k (0: never)
  int threads = 2;
};

class PsiReceiver {
 public:
  static PsiReceiver CreateWithNewKey(const PsiOptions& options);
  // `ids` must be distinct. On any error the peer is told why (SecureChannel::Abort).
  Result<PsiOutcome> Run(SecureChannel& ch, const std::vector<std::string>& ids) const;

 private:
  PsiReceiver(PsiOptions o, EcdhCipher c) : options_(o), cipher_(std::move(c)) {}
  Result<PsiOutcome> RunInner(SecureChannel& ch, const std::vector<std::string>& ids) const;
  PsiOptions options_;
  EcdhCipher cipher_;
};

class PsiSender {
 public:
  static PsiSender CreateWithNewKey(const PsiOptions& options);
  Result<PsiOutcome> Run(SecureChannel& ch, const std::vector<std::string>& ids) const;

 private:
  PsiSender(PsiOptions o, EcdhCipher c) : options_(o), cipher_(std::move(c)) {}
  Result<PsiOutcome> RunInner(SecureChannel& ch, const std::vector<std::string>& ids) const;
  PsiOptions options_;
  EcdhCipher cipher_;
};

// Helpers shared with intersection-sum.
// A uniformly random permutation of [0, n) from the CSPRNG.
std::vector<size_t> RandomPermutation(size_t n);
// The elements of `flat`, sorted, for membership tests with Contains.
class ElementSet {
 public:
  explicit ElementSet(ByteView flat);
  bool Contains(const uint8_t* element) const;

 private:
  std::vector<std::array<uint8_t, kElementSize>> sorted_;
};
// "below the threshold" error shared by both sides.
Error BelowThreshold(uint64_t k);

}  // namespace cleanroom::psi

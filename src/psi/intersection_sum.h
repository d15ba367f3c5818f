// Private intersection-sum (as in Google's private-join-and-compute, with the result going to
// the party without values): party A holds ids; party B holds ids with integer values. A learns
// the intersection size and the sum of B's values over it; B learns the size only.
//
//   B -> A : B's Paillier public key n (>= 2048 bits, fresh per session)
//   A -> B : A' = [H(a)^alpha]
//   B -> A : A'' = [(H(a)^alpha)^beta], shuffled;  [(H(b)^beta, Enc_B(v_b))], shuffled
//   A      : matched b: (H(b)^beta)^alpha in A''; S = product of their ciphertexts = Enc(sum);
//            r uniform in Z_n;  A -> B : size, Enc(sum) * Enc(r)  (fresh randomness)
//   B -> A : sum + r mod n  (B sees a uniformly random number);  A : sum = that - r
//
// With k > 0 and size < k, A sends the size alone and both sides return kPrivacy. Ids must be
// distinct on each side (B adds up the values of a repeated id before). Semi-honest security:
// docs/psi.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "psi/ecdh_cipher.h"
#include "psi/secure_channel.h"

namespace cleanroom::psi {

struct SumOptions {
  Group group = Group::kRistretto255;
  uint64_t k = 0;
  int threads = 2;
  size_t paillier_bits = 2048;  // B's key; A refuses anything shorter than 2048
};

struct SumOutcome {
  uint64_t intersection_size = 0;
  uint64_t peer_count = 0;
  std::string sum;  // decimal; party A only
};

class SumIdsParty {  // A
 public:
  static SumIdsParty CreateWithNewKey(const SumOptions& o);
  Result<SumOutcome> Run(SecureChannel& ch, const std::vector<std::string>& ids) const;

 private:
  SumIdsParty(SumOptions o, EcdhCipher c) : options_(o), cipher_(std::move(c)) {}
  Result<SumOutcome> RunInner(SecureChannel& ch, const std::vector<std::string>& ids) const;
  SumOptions options_;
  EcdhCipher cipher_;
};

class SumValuesParty {  // B
 public:
  static SumValuesParty CreateWithNewKey(const SumOptions& o);
  // `values[i]` belongs to `ids[i]`.
  Result<SumOutcome> Run(SecureChannel& ch, const std::vector<std::string>& ids,
                         const std::vector<int64_t>& values) const;

 private:
  SumValuesParty(SumOptions o, EcdhCipher c) : options_(o), cipher_(std::move(c)) {}
  Result<SumOutcome> RunInner(SecureChannel& ch, const std::vector<std::string>& ids,
                              const std::vector<int64_t>& values) const;
  SumOptions options_;
  EcdhCipher cipher_;
};

}  // namespace cleanroom::psi

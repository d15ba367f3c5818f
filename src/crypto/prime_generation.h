// Random primes for Paillier keys, drawn from the CSPRNG and tested with GMP's
// mpz_probab_prime_p (trial division, then Miller-Rabin: error below 2^-100 for random
// candidates). Besides plain random primes, primes p whose p - 1 is fully factored: p - 1 =
// 2 r p' with p' a random prime about 32 bits shorter than p and r < 2^33 factored by trial
// division. p - 1 then has a large prime factor, as a strong or safe prime has, so Pollard's
// p - 1 method does not apply; knowing the factors lets the key owner find a generator of Z*_p.
#pragma once

#include <cstddef>
#include <vector>

#include "crypto/big_int.h"

namespace cleanroom {

inline constexpr int kPrimeTestReps = 30;

// A random prime of exactly `bits` bits with the top two bits set (so the product of two has
// exactly 2 * bits bits). bits >= 64.
BigInt RandomPrime(size_t bits);

struct FactoredPrime {
  BigInt p;
  std::vector<BigInt> factors;  // the distinct primes dividing p - 1, ascending
};

// Like RandomPrime, with p - 1 = 2 r p' as in the file comment. bits >= 128.
FactoredPrime RandomFactoredPrime(size_t bits);

// A uniformly random generator of Z*_p: candidates from the CSPRNG until g^((p-1)/f) != 1 mod p
// for every prime factor f of p - 1.
BigInt RandomGenerator(const FactoredPrime& fp);

// True when g^(p-1) = 1 and g^((p-1)/f) != 1 (mod modulus) for every f of fp.factors, i.e.
// g has order exactly p - 1 mod `modulus` (p or p^2 here). For checks and tests.
bool HasOrderPMinus1(const BigInt& g, const FactoredPrime& fp, const BigInt& modulus);

}  // namespace cleanroom

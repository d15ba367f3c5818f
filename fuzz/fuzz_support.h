// What the fuzz targets share: the example policy of examples/shopgood-newsnow (with fixed
// keys, so that seeds made once stay valid), the parties' fixed identities, and the check
// every target applies to an error it gets back. A check that fails aborts, which libFuzzer
// reports as a crash with the input that caused it.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "common/error.h"
#include "crypto/ed25519.h"
#include "policy/policy.h"

namespace cleanroom::fuzz {

// The measurement the example policy names (the enclave target's service claims to be it).
inline constexpr std::string_view kMeasurement =
    "sha256:0000000000000000000000000000000000000000000000000000000000000000";

// examples/shopgood-newsnow/policy.template.json as written (DP on, k = 10), with the keys of
// PartyKey and kMeasurement filled in.
const Policy& ExamplePolicy();
// The same room with "dp": null and k_min 1: the exact release, whose rules differ.
const Policy& ExactPolicy();
// "shopgood" or "newsnow": an Ed25519 key pair from a fixed seed.
const Ed25519KeyPair& PartyKey(std::string_view party);

// Prints `what` and the problem, then aborts: an invariant of the code under test is broken.
[[noreturn]] void Fail(std::string_view what, std::string_view problem);
// Aborts unless `e` keeps the error contract of its parser: a code among `codes`, a message
// that is not empty and is one line (tests/support/mutator.h states it for the tests).
void CheckError(std::string_view what, const Error& e, std::initializer_list<ErrorCode> codes);

}  // namespace cleanroom::fuzz

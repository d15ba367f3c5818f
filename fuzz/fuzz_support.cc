#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>

#include "common/file_io.h"
#include "common/json_util.h"
#include "support/mutator.h"

namespace cleanroom::fuzz {
namespace {

Ed25519KeyPair KeyFromSeedByte(uint8_t byte) {
  Bytes seed(32, byte);
  Result<Ed25519KeyPair> key = Ed25519KeyPair::FromSeed(seed);
  if (!key.ok()) Fail("fixed key", key.error().message);
  return std::move(key).value();
}

Json ExampleDocument() {
  const std::string path =
      std::string(CLEANROOM_SOURCE_DIR) + "/examples/shopgood-newsnow/policy.template.json";
  Result<Json> doc = ParseJsonFile(path);
  if (!doc.ok()) Fail("example policy", doc.error().message);
  Json j = std::move(doc).value();
  j["parties"]["shopgood"]["public_key"] = PartyKey("shopgood").public_key().ToText();
  j["parties"]["newsnow"]["public_key"] = PartyKey("newsnow").public_key().ToText();
  j["enclave"]["measurement"] = std::string(kMeasurement);
  return j;
}

// Built once per process and never destroyed (the targets exit without unwinding).
const Policy* MakePolicy(const Json& doc) {
  Result<Policy> p = Policy::FromJson(doc, "policy.template.json");
  if (!p.ok()) Fail("example policy", p.error().message);
  return new Policy(std::move(p).value());
}

}  // namespace

const Policy& ExamplePolicy() {
  static const Policy* policy = MakePolicy(ExampleDocument());
  return *policy;
}

const Policy& ExactPolicy() {
  static const Policy* policy = [] {
    Json doc = ExampleDocument();
    doc["privacy"]["dp"] = nullptr;
    doc["privacy"]["k_min"] = 1;
    return MakePolicy(doc);
  }();
  return *policy;
}

const Ed25519KeyPair& PartyKey(std::string_view party) {
  static const Ed25519KeyPair* shopgood = new Ed25519KeyPair(KeyFromSeedByte(0x51));
  static const Ed25519KeyPair* newsnow = new Ed25519KeyPair(KeyFromSeedByte(0x4e));
  if (party == "shopgood") return *shopgood;
  if (party == "newsnow") return *newsnow;
  Fail("PartyKey", "no party " + std::string(party));
}

void Fail(std::string_view what, std::string_view problem) {
  std::fprintf(stderr, "fuzz check failed: %.*s: %.*s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(problem.size()), problem.data());
  std::abort();
}

void CheckError(std::string_view what, const Error& e, std::initializer_list<ErrorCode> codes) {
  std::string problem = mutation::ErrorProblem(e, codes);
  if (!problem.empty()) Fail(what, problem);
}

}  // namespace cleanroom::fuzz

// A policy for storage and ingest tests: the example's datasets (purchases, exposures),
// "everything" (one column of each type and role) and "phones" (a phone identifier).
#pragma once

#include <string>

#include "common/json_util.h"
#include "crypto/ed25519.h"
#include "policy/policy.h"
#include "policy/policy_fixture.h"

namespace cleanroom::testing {

inline Json TestPolicyJson() {
  Json j = ContractPolicy(Ed25519KeyPair::Generate().public_key(),
                          Ed25519KeyPair::Generate().public_key());
  j["datasets"]["everything"] = Json::parse(R"({
    "owner": "shopgood",
    "purposes": ["measurement"],
    "columns": [
      {"name": "secret", "type": "string",  "role": "drop"},
      {"name": "email",  "type": "string",  "role": "identifier", "normalize": "email"},
      {"name": "n",      "type": "int",     "role": "metric", "bounds": [0, 100]},
      {"name": "amount", "type": "decimal", "role": "metric", "bounds": [0, 500]},
      {"name": "day",    "type": "date",    "role": "dimension"},
      {"name": "flag",   "type": "bool",    "role": "dimension"},
      {"name": "label",  "type": "string",  "role": "dimension"}
    ]})");
  j["datasets"]["phones"] = Json::parse(R"({
    "owner": "newsnow",
    "purposes": ["measurement"],
    "columns": [
      {"name": "phone", "type": "string", "role": "identifier", "normalize": "phone"},
      {"name": "city",  "type": "string", "role": "dimension"}
    ]})");
  return j;
}

inline Policy TestPolicy(const Json& doc = TestPolicyJson()) {
  return Policy::FromJson(doc, "policy.json").value();
}

}  // namespace cleanroom::testing

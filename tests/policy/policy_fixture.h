// The example policy (examples/shopgood-newsnow), with real keys, for tests.
#pragma once

#include <string>

#include "common/json_util.h"
#include "crypto/ed25519.h"

namespace cleanroom::testing {

inline Json ContractPolicy(const Ed25519PublicKey& shopgood, const Ed25519PublicKey& newsnow) {
  Json j = Json::parse(R"({
  "room": "fall25",
  "parties": {"shopgood": {"public_key": "x"}, "newsnow": {"public_key": "x"}},
  "analysts": ["shopgood"],
  "enclave": {"measurement": "sha256:0000000000000000000000000000000000000000000000000000000000000000",
              "allow_simulated": true},
  "datasets": {
    "purchases": {
      "owner": "shopgood",
      "purposes": ["measurement"],
      "columns": [
        {"name": "customer_id",   "type": "string",  "role": "drop"},
        {"name": "email",         "type": "string",  "role": "identifier", "normalize": "email"},
        {"name": "purchase_date", "type": "date",    "role": "dimension"},
        {"name": "total_spent",   "type": "decimal", "role": "metric", "bounds": [0, 500]}
      ]
    },
    "exposures": {
      "owner": "newsnow",
      "purposes": ["measurement"],
      "columns": [
        {"name": "user_id",       "type": "string", "role": "drop"},
        {"name": "email",         "type": "string", "role": "identifier", "normalize": "email"},
        {"name": "campaign_id",   "type": "string", "role": "dimension"},
        {"name": "exposure_date", "type": "date",   "role": "dimension"}
      ]
    }
  },
  "privacy": {"k_min": 10, "max_groups_per_person": 1,
              "dp": {"epsilon_total": 3.0, "epsilon_per_query": 0.5, "delta": 1e-6}}
})");
  j["parties"]["shopgood"]["public_key"] = shopgood.ToText();
  j["parties"]["newsnow"]["public_key"] = newsnow.ToText();
  return j;
}

}  // namespace cleanroom::testing

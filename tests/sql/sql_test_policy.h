// A policy for the SQL and engine tests: the example's two datasets with a few more columns
// (an int metric, a string metric, a bool dimension) and a third dataset that grants another
// purpose. Fresh keys each time; the keys do not matter to the SQL layer.
#pragma once

#include <optional>
#include <string>

#include "common/json_util.h"
#include "crypto/ed25519.h"
#include "policy/policy.h"

namespace cleanroom::testing {

struct TestPolicyOptions {
  bool dp = false;
  int64_t k_min = 1;
  int64_t max_groups_per_person = 1000000;
  bool bounds = false;  // declare metric bounds (always declared when dp is on)
};

inline Policy MakeTestPolicy(const TestPolicyOptions& o = {}) {
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
        {"name": "total_spent",   "type": "decimal", "role": "metric"},
        {"name": "quantity",      "type": "int",     "role": "metric"},
        {"name": "category",      "type": "string",  "role": "dimension"},
        {"name": "returned",      "type": "bool",    "role": "dimension"},
        {"name": "store",         "type": "int",     "role": "dimension"}
      ]
    },
    "exposures": {
      "owner": "newsnow",
      "purposes": ["measurement"],
      "columns": [
        {"name": "user_id",       "type": "string", "role": "drop"},
        {"name": "email",         "type": "string", "role": "identifier", "normalize": "email"},
        {"name": "campaign_id",   "type": "string", "role": "dimension"},
        {"name": "exposure_date", "type": "date",   "role": "dimension"},
        {"name": "watch_seconds", "type": "int",    "role": "metric"}
      ]
    },
    "crm": {
      "owner": "newsnow",
      "purposes": ["marketing"],
      "columns": [
        {"name": "email",   "type": "string", "role": "identifier", "normalize": "email"},
        {"name": "segment", "type": "string", "role": "dimension"}
      ]
    }
  },
  "privacy": {"k_min": 1, "max_groups_per_person": 1, "dp": null}
})");
  j["parties"]["shopgood"]["public_key"] = Ed25519KeyPair::Generate().public_key().ToText();
  j["parties"]["newsnow"]["public_key"] = Ed25519KeyPair::Generate().public_key().ToText();
  j["privacy"]["k_min"] = o.k_min;
  j["privacy"]["max_groups_per_person"] = o.max_groups_per_person;
  if (o.dp) {
    j["privacy"]["dp"] = {{"epsilon_total", 3.0}, {"epsilon_per_query", 0.5}, {"delta", 1e-6}};
  }
  if (o.dp || o.bounds) {
    j["datasets"]["purchases"]["columns"][3]["bounds"] = {0, 500};
    j["datasets"]["purchases"]["columns"][4]["bounds"] = {0, 10};
    j["datasets"]["exposures"]["columns"][4]["bounds"] = {0, 3600};
  }
  Result<Policy> p = Policy::FromJson(j, "test-policy.json");
  if (!p.ok()) throw std::runtime_error(p.error().message);
  return std::move(p).value();
}

}  // namespace cleanroom::testing

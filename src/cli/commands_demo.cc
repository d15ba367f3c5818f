// `cleanroom demo`: the ShopGood/NewsNow story of examples/shopgood-newsnow/README.md end to end on
// this machine, on embedded defaults (local files, SQLite ledger, simulated enclave), narrating
// each step: identities, salt, policy and signatures, data, prepare, attestation and key release,
// the campaign-attribution and audience-overlap queries with their noise and budget, a `SELECT *`
// the policy rejects, a small group k suppresses, and the checks a party can make afterwards
// (result signature, audit log). Leaves every file in the directory it names.
#include <ctime>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/demo_data.h"
#include "cli/result_table.h"
#include "common/file_io.h"
#include "crypto/csprng.h"
#include "enclave/measurement.h"
#include "enclave/result_signing.h"
#include "host/audit_log.h"
#include "host/local_run.h"
#include "ingest/prepare.h"
#include "policy/identity.h"
#include "policy/signatures.h"

namespace cleanroom::cli {
namespace {

constexpr const char* kAttribution =
    "SELECT e.campaign_id, COUNT(DISTINCT p.email) AS converted_users, "
    "SUM(p.total_spent) AS total_revenue FROM exposures e JOIN purchases p ON e.email = p.email "
    "WHERE e.exposure_date < p.purchase_date GROUP BY e.campaign_id ORDER BY converted_users DESC";
constexpr const char* kOverlap =
    "SELECT COUNT(DISTINCT p.email) AS overlap_count FROM exposures e JOIN purchases p "
    "ON e.email = p.email WHERE p.total_spent > 100.00";
constexpr const char* kSelectStar = "SELECT * FROM purchases";
constexpr const char* kReach =
    "SELECT e.campaign_id, COUNT(DISTINCT e.email) AS reach FROM exposures e "
    "GROUP BY e.campaign_id";

void Step(int n, const std::string& what) { std::cout << "\n==> " << n << ". " << what << "\n"; }
void Say(const std::string& text) { std::cout << "    " << text << "\n"; }
void Show(const std::string& block) {
  size_t start = 0;
  while (start < block.size()) {
    size_t end = block.find('\n', start);
    std::cout << "      " << block.substr(start, end - start) << "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

Json DemoPolicy(const Identity& shopgood, const Identity& newsnow, const std::string& measurement) {
  Json p = Json::parse(R"({
    "room": "fall25",
    "analysts": ["shopgood"],
    "datasets": {
      "purchases": {"owner": "shopgood", "purposes": ["measurement"], "columns": [
        {"name": "customer_id",   "type": "string",  "role": "drop"},
        {"name": "email",         "type": "string",  "role": "identifier", "normalize": "email"},
        {"name": "purchase_date", "type": "date",    "role": "dimension"},
        {"name": "total_spent",   "type": "decimal", "role": "metric", "bounds": [0, 500]}]},
      "exposures": {"owner": "newsnow", "purposes": ["measurement"], "columns": [
        {"name": "user_id",       "type": "string", "role": "drop"},
        {"name": "email",         "type": "string", "role": "identifier", "normalize": "email"},
        {"name": "campaign_id",   "type": "string", "role": "dimension"},
        {"name": "exposure_date", "type": "date",   "role": "dimension"}]}
    },
    "privacy": {"k_min": 10, "max_groups_per_person": 1,
                "dp": {"epsilon_total": 3.0, "epsilon_per_query": 0.5, "delta": 1e-6}}
  })");
  p["parties"] = {{"shopgood", {{"public_key", shopgood.key.public_key().ToText()}}},
                  {"newsnow", {{"public_key", newsnow.key.public_key().ToText()}}}};
  p["enclave"] = {{"measurement", measurement}, {"allow_simulated", true}};
  return p;
}

std::string NewDemoDir() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "cleanroom-demo-%Y%m%d-%H%M%S", &tm);
  std::string dir = buf;
  for (int i = 2; FileExists(dir); ++i) dir = std::string(buf) + "-" + std::to_string(i);
  return dir;
}

Status Prepared(const Policy& policy, const std::string& dataset, const SecretBytes& salt,
                const std::string& dir) {
  PrepareOptions opt;
  opt.input = dir + "/" + dataset + ".csv";
  opt.out_dir = dir + "/" + dataset + ".bundle";
  CR_ASSIGN_OR_RETURN(PrepareSummary s, Prepare(policy, dataset, salt.view(), opt));
  uint64_t rejected = 0;
  for (const auto& [reason, n] : s.rejected) rejected += n;
  Say(policy.FindDataset(dataset)->owner + " prepared " + dataset + ": " + std::to_string(s.rows) +
      " rows in " + std::to_string(s.chunks) + " encrypted chunk(s), " +
      std::to_string(s.fingerprinted) + " emails fingerprinted, " + std::to_string(rejected) +
      " unusable (empty or invalid), dropped: " +
      (s.dropped_columns.empty() ? std::string("none") : s.dropped_columns.front()));
  return Ok();
}

Result<LocalRunOutcome> Query(const std::string& dir, const std::string& sql) {
  LocalRunRequest req;
  req.policy_path = dir + "/policy.json";
  req.data = {{"purchases", dir + "/purchases.bundle", dir + "/purchases.bundle.key"},
              {"exposures", dir + "/exposures.bundle", dir + "/exposures.bundle.key"}};
  req.identity_path = dir + "/shopgood.id";
  req.purpose = "measurement";
  req.state_dir = dir + "/state";
  req.sql = sql;
  return RunLocally(req);
}

Status RunDemo(std::string dir) {
  if (dir.empty()) dir = NewDemoDir();
  if (FileExists(dir)) return MakeError(ErrorCode::kUsage, "--dir " + dir + " already exists");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return MakeError(ErrorCode::kIo, "cannot create " + dir + ": " + ec.message());
  std::cout << "cleanroom demo: ShopGood (a retailer) and NewsNow (a publisher) measure the "
               "sg_fall25 campaign\nwithout showing each other their customers. Files go to "
            << dir << "/\n";
  std::cout << "NOTE: this machine has no TEE; the enclave runs SIMULATED and protects nothing "
               "against the host's operator.\n";

  Step(1, "Each party makes its identity (Ed25519)");
  CR_ASSIGN_OR_RETURN(Identity shopgood, CreateIdentityFiles("shopgood", dir + "/shopgood.id"));
  CR_ASSIGN_OR_RETURN(Identity newsnow, CreateIdentityFiles("newsnow", dir + "/newsnow.id"));
  Say("shopgood " + shopgood.key.public_key().ToText());
  Say("newsnow  " + newsnow.key.public_key().ToText());

  Step(2, "They share a join salt out of band (never with the host)");
  SecretBytes salt(32);
  RandomBytes(salt.mutable_view());
  CR_RETURN_IF_ERROR(WriteFileAtomic(dir + "/room.salt", salt.view(), 0600, true));
  Say("room.salt: 32 random bytes; fingerprints = HMAC-SHA256(key from salt, normalised email)");

  Step(3, "They agree on a policy and both sign it");
  CR_ASSIGN_OR_RETURN(std::string measurement, MeasureBinary(DefaultEnclavePath()));
  Json doc = DemoPolicy(shopgood, newsnow, measurement);
  CR_RETURN_IF_ERROR(WriteFileAtomic(dir + "/policy.json", doc.dump(2) + "\n"));
  CR_ASSIGN_OR_RETURN(Policy policy, Policy::Load(dir + "/policy.json"));
  PolicySignatures sigs;
  CR_RETURN_IF_ERROR(AddSignature(policy, shopgood, sigs));
  CR_RETURN_IF_ERROR(AddSignature(policy, newsnow, sigs));
  CR_RETURN_IF_ERROR(SavePolicySignatures(SignaturesPathFor(dir + "/policy.json"), sigs));
  CR_RETURN_IF_ERROR(VerifyAllSigned(policy, sigs));
  Say("policy " + policy.hash_text() + " (RFC 8785 hash), signed by shopgood and newsnow");
  Say("k_min 10, one campaign group per person, epsilon 0.5 per query of 3.0 in total, "
      "delta 1e-6; total_spent bounded to [0, 500]; customer_id and user_id are dropped");
  Say("enclave measurement " + measurement);

  Step(4, "Each party exports its data (generated, seeded: same story every run)");
  CR_ASSIGN_OR_RETURN(DemoDataStats stats,
                      WriteDemoData({}, dir + "/exposures.csv", dir + "/purchases.csv"));
  Say("exposures.csv: " + std::to_string(stats.exposures) + " ad views (NewsNow)");
  Say("purchases.csv: " + std::to_string(stats.purchases) + " orders (ShopGood)");

  Step(5, "Each party prepares its data on its own machine: fingerprint, drop, encrypt");
  CR_RETURN_IF_ERROR(Prepared(policy, "purchases", salt, dir));
  CR_RETURN_IF_ERROR(Prepared(policy, "exposures", salt, dir));
  Say("the data keys stay with their owners until an attested enclave asks");

  Step(6, "Campaign attribution: who bought after seeing the ad?");
  Show(kAttribution);
  CR_ASSIGN_OR_RETURN(LocalRunOutcome first, Query(dir, kAttribution));
  Say("the enclave attested " + first.report.tee + " TEE, measurement " +
      first.report.measurement.substr(0, 19) + "..., policy " +
      first.report.policy_sha256.substr(0, 19) + "...; both parties' keys were sealed to it");
  Show(FormatResultTable(first.result));
  CR_RETURN_IF_ERROR(WriteFileAtomic(dir + "/attribution.json", first.result.dump(2) + "\n"));
  CR_RETURN_IF_ERROR(
      WriteFileAtomic(dir + "/attestation.json", first.report.ToJson().dump(2) + "\n"));
  Say("sg_pilot reached too few people and is absent: suppressed, not shown as zero");

  Step(7, "Audience overlap: high-value customers (over $100) who saw NewsNow ads");
  Show(kOverlap);
  CR_ASSIGN_OR_RETURN(LocalRunOutcome overlap, Query(dir, kOverlap));
  Show(FormatResultTable(overlap.result));

  Step(8, "A query the policy forbids: SELECT *");
  Show(kSelectStar);
  auto star = Query(dir, kSelectStar);
  if (star.ok()) return MakeError(ErrorCode::kInternal, "the demo's SELECT * was not rejected");
  Say("rejected (exit " + std::to_string(ExitCodeFor(star.error().code)) +
      "): " + star.error().message);

  Step(9, "A small group: reach per campaign, where the pilot has only a handful of people");
  Show(kReach);
  CR_ASSIGN_OR_RETURN(LocalRunOutcome reach, Query(dir, kReach));
  Show(FormatResultTable(reach.result));
  Say("sg_pilot is below k and is withheld; under DP even the decision to show a group is noisy");

  Step(10, "Anyone can check the answer and the log");
  CR_RETURN_IF_ERROR(VerifyResult(first.result, first.report));
  Say("attribution.json: signature verifies under the attested enclave key "
      "(cleanroom verify attribution.json --attestation attestation.json --allow-simulated)");
  CR_ASSIGN_OR_RETURN(AuditSummary audit, VerifyAuditLog(dir + "/state/" + kAuditLogFile));
  Say("state/audit.jsonl: " + std::to_string(audit.entries) + " hash-chained entries, " +
      std::to_string(audit.enclave_signed) + " signed by the enclave; head " + audit.head);
  Say("budget: shopgood has epsilon " +
      std::to_string(reach.result["privacy"]["epsilon_remaining"].get<double>()).substr(0, 4) +
      " of 3.0 left for this room");
  std::cout << "\ndone. Everything is in " << dir << "/\n";
  return Ok();
}

}  // namespace

void AddDemoCommand(CLI::App& app, CommandTable& table) {
  auto dir = std::make_shared<std::string>();
  CLI::App* sub = app.add_subcommand("demo", "Run the ShopGood/NewsNow scenario end to end");
  sub->add_option("--dir", *dir, "Directory to create for the demo's files");
  table.Add(sub, [dir] { return RunDemo(*dir); });
}

}  // namespace cleanroom::cli

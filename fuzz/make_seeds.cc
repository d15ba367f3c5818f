// Writes the seeds of fuzz/corpus that cannot be written by hand — those that carry keys,
// signatures, hashes or binary framing — from the example policy and the fixed keys the
// targets use (fuzz_support.h, fixed_keys.h). Run it again after changing the example
// policy, a wire format or a fixed key:
//   build-fuzz/fuzz/make_seeds fuzz/corpus
// The Paillier key of psi_messages (fuzz/data/paillier-2048.key) is made only when missing.
// The seeds of csv_reader and sql are hand-written files.
#include <sodium.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "common/base64.h"
#include "common/file_io.h"
#include "crypto/blake2b.h"
#include "crypto/paillier.h"
#include "enclave/frame.h"
#include "fixed_keys.h"
#include "fuzz_support.h"
#include "policy/signatures.h"
#include "psi/ecdh_cipher.h"
#include "psi/messages.h"
#include "psi_session.h"
#include "sql/binder.h"
#include "sql/parser.h"
#include "sql/query_json.h"
#include "storage/manifest.h"

namespace cleanroom::fuzz {
namespace {

namespace fs = std::filesystem;

std::string out_dir;

void Write(const std::string& target, const std::string& name, std::string_view bytes) {
  fs::create_directories(out_dir + "/" + target);
  Status s = WriteFileAtomic(out_dir + "/" + target + "/" + name, bytes);
  if (!s.ok()) Fail("write", s.error().message);
}
void Write(const std::string& target, const std::string& name, const Bytes& bytes) {
  Write(target, name, AsChars(bytes));
}

// Queries over the example policy's columns: one per shape the binder knows.
const std::vector<std::string>& Queries() {
  static const std::vector<std::string> q = {
      "SELECT e.campaign_id, COUNT(DISTINCT p.email) AS buyers, SUM(p.total_spent) AS revenue "
      "FROM exposures e JOIN purchases p ON e.email = p.email "
      "WHERE e.exposure_date < p.purchase_date GROUP BY e.campaign_id ORDER BY buyers DESC",
      "SELECT purchase_date, AVG(total_spent) FROM purchases WHERE total_spent BETWEEN 1 AND "
      "2.5 AND purchase_date >= DATE '2025-10-01' GROUP BY purchase_date HAVING COUNT(*) > 1 "
      "ORDER BY 2 DESC, 1 LIMIT 10",
      "SELECT COUNT(*), MIN(total_spent), MAX(total_spent) FROM purchases WHERE NOT "
      "total_spent = 1 OR total_spent + 2 * -total_spent > 3",
      "SELECT campaign_id, COUNT(*) FROM exposures WHERE campaign_id IN ('a', 'b') AND "
      "campaign_id LIKE 'sg%' AND exposure_date IS NOT NULL GROUP BY campaign_id",
  };
  return q;
}

Json PolicyVariant(const Policy& base, int which) {
  Json j = base.document();
  if (which == 1) {
    j["datasets"]["exposures"]["columns"][1]["normalize"] = "phone";
    j["datasets"]["exposures"]["k_min"] = 20;
    j["datasets"]["purchases"]["columns"].push_back(
        {{"name", "quantity"}, {"type", "int"}, {"role", "metric"}, {"bounds", {0, 10}}});
    j["datasets"]["purchases"]["columns"].push_back(
        {{"name", "returned"}, {"type", "bool"}, {"role", "dimension"}});
  }
  return j;
}

void PolicySeeds() {
  Write("policy", "example.json", ExamplePolicy().document().dump(2));
  Write("policy", "exact.json", ExactPolicy().document().dump(2));
  Write("policy", "wider.json", PolicyVariant(ExamplePolicy(), 1).dump());
}

void PlanSeeds() {
  int n = 0;
  for (const Policy* p : {&ExamplePolicy(), &ExactPolicy()}) {
    for (const std::string& sql : Queries()) {
      Result<sql::Plan> plan = sql::PlanQuery(sql, *p, "shopgood", "measurement");
      if (!plan.ok()) continue;  // MIN and MAX need dp off: the exact policy has them
      Write("plan_json", "plan-" + std::to_string(n++) + ".json", plan->ToJson().dump());
    }
  }
  if (n < 6) Fail("seed queries", "fewer than 6 plans bind");
  Result<sql::Query> bare = sql::Parse(Queries()[0]);
  Write("plan_json", "query.json", sql::QueryToJson(*bare).dump());
}

void ManifestSeeds() {
  const BundleKey key = FixedBundleKey();
  BundleManifest m;
  m.bundle_id = key.bundle_id;
  m.room = key.room;
  m.dataset = key.dataset;
  m.policy_sha256 = ExamplePolicy().hash_text();
  m.columns = StoredColumns(*ExamplePolicy().FindDataset("purchases"));
  m.chunk_rows = 2;
  m.row_count = 3;
  for (uint64_t rows : {2, 1}) {
    ChunkInfo c;
    c.rows = rows;
    for (size_t i = 0; i < m.columns.size(); ++i) {
      ChunkFile f;
      f.bytes = 100 + i;
      f.blake2b = Blake2b256(AsBytes(std::to_string(rows) + "/" + std::to_string(i)));
      c.files.push_back(f);
    }
    m.chunks.push_back(c);
  }
  m.ciphertext_blake2b = m.ComputeCiphertextHash();
  m.Seal(DeriveBundleSubkeys(key));
  Write("manifest", "sealed.json", m.ToText());
  m.dataset = "exposures";  // parses, fails authentication and binding
  Write("manifest", "other-dataset.json", m.ToText());
}

Bytes Framed(MessageType type, std::string_view body) {
  Bytes b;
  AppendU32BE(b, static_cast<uint32_t>(body.size() + 1));
  b.push_back(static_cast<uint8_t>(type));
  Append(b, AsBytes(body));
  return b;
}

std::string SignedInit(const Policy& policy) {
  Json sigs = {{"policy_sha256", policy.hash_text()}, {"signatures", Json::object()}};
  for (const char* party : {"shopgood", "newsnow"}) {
    Ed25519Signature sig = PartyKey(party).Sign(AsBytes(PolicySigningMessage(policy)));
    sigs["signatures"][party] = SignatureToText(sig);
  }
  Bytes platform_seed(32, 0x70);
  return Json{{"policy", policy.document()},
              {"signatures", sigs},
              {"platform_seed", Base64Encode(platform_seed)}}
      .dump();
}

void EnclaveSeeds() {
  const std::string init = SignedInit(ExamplePolicy());
  Result<sql::Plan> plan = sql::PlanQuery(Queries()[0], ExamplePolicy(), "shopgood", "measurement");
  const std::string execute = Json{{"plan", plan->ToJson()}, {"epsilon", 0.5}}.dump();
  const std::string provision =
      Json{{"dataset", "purchases"}, {"sealed_key", Base64Encode(Bytes(80, 1))}}.dump();
  const Bytes shutdown = Framed(MessageType::kShutdown, "");

  Bytes s = Framed(MessageType::kInit, init);
  Write("enclave_frame", "init.bin", s);
  Append(s, Framed(MessageType::kProvisionKey, provision));
  Append(s, Framed(MessageType::kExecute, execute));
  Append(s, shutdown);
  Write("enclave_frame", "init-provision-execute.bin", s);

  s = Framed(MessageType::kExecute, execute);
  Append(s, Framed(MessageType::kInit, SignedInit(ExactPolicy())));
  Append(s, Framed(MessageType::kInit, init));
  Write("enclave_frame", "execute-before-init.bin", s);

  s = Framed(MessageType::kError, AsChars(EncodeError(MakeError(ErrorCode::kPrivacy, "budget"))));
  Append(s, Framed(MessageType::kReadChunk, R"({"dataset":"purchases","column":"email"})"));
  Append(s, Framed(MessageType::kReply, "{}"));
  Write("enclave_frame", "answers.bin", s);
}

// psi_messages input: the step byte, then each message with a 2-byte length.
Bytes Messages(uint8_t step, const std::vector<Bytes>& msgs) {
  Bytes out = {step};
  for (const Bytes& m : msgs) {
    out.push_back(static_cast<uint8_t>(m.size() >> 8));
    out.push_back(static_cast<uint8_t>(m.size()));
    Append(out, m);
  }
  return out;
}

Bytes ListHeader(psi::ListTag tag, uint64_t count, uint32_t item) {
  Bytes b = {static_cast<uint8_t>(psi::MsgType::kListHeader), static_cast<uint8_t>(tag)};
  AppendU64BE(b, count);
  AppendU32BE(b, item);
  return b;
}

Bytes ListChunk(psi::ListTag tag, ByteView items) {
  Bytes b = {static_cast<uint8_t>(psi::MsgType::kListChunk), static_cast<uint8_t>(tag)};
  Append(b, items);
  return b;
}

Bytes Message(psi::MsgType type, ByteView body) {
  Bytes b = {static_cast<uint8_t>(type)};
  Append(b, body);
  return b;
}

const PaillierPrivateKey& PaillierKey() {
  static const PaillierPrivateKey* key = [] {
    if (!FileExists(PaillierKeyPath())) {
      Result<PaillierPrivateKey> k = PaillierPrivateKey::Generate(kPaillierDefaultBits);
      if (!k.ok()) Fail("Paillier key", k.error().message);
      fs::create_directories(fs::path(PaillierKeyPath()).parent_path());
      Status s = WriteFileAtomic(PaillierKeyPath(), k->Serialize().view());
      if (!s.ok()) Fail("Paillier key", s.error().message);
    }
    Result<Bytes> secret = ReadBinaryFile(PaillierKeyPath());
    if (!secret.ok()) Fail("Paillier key", secret.error().message);
    Result<PaillierPrivateKey> k = PaillierPrivateKey::Deserialize(*secret);
    if (!k.ok()) Fail("Paillier key", k.error().message);
    return new PaillierPrivateKey(std::move(k).value());
  }();
  return *key;
}

void PsiMessageSeeds() {
  using psi::ListTag;
  using psi::MsgType;
  const std::vector<std::string> ids = {"alice@email.com", "bob@email.com", "carol@email.com"};
  for (psi::Group g : {psi::Group::kX25519, psi::Group::kRistretto255}) {
    Bytes elements = psi::EcdhCipher::CreateWithNewKey(g, 1).HashAndBlind(ids);
    const ListTag tags[] = {ListTag::kReceiverBlinded, ListTag::kReceiverDoubleBlinded,
                            ListTag::kSenderBlinded};
    for (uint8_t step = 0; step < 3; ++step) {
      Write("psi_messages",
            std::string("list-") + std::to_string(step) + "-" + psi::GroupName(g) + ".bin",
            Messages(step, {ListHeader(tags[step], 3, 32),
                            ListChunk(tags[step], ByteView(elements).first(64)),
                            ListChunk(tags[step], ByteView(elements).subspan(64))}));
    }
  }
  Bytes crosswalk;
  AppendU32BE(crosswalk, 1);
  Append(crosswalk, Bytes(32, 9));
  Write("psi_messages", "crosswalk.bin",
        Messages(3, {ListHeader(ListTag::kCrosswalkForSender, 1, 36),
                     ListChunk(ListTag::kCrosswalkForSender, crosswalk)}));

  const PaillierPrivateKey& sk = PaillierKey();
  const PaillierPublicKey& pk = sk.public_key();
  Bytes pairs = psi::EcdhCipher::CreateWithNewKey(psi::Group::kX25519, 1).HashAndBlind({"a@b.c"});
  Append(pairs, pk.Serialize(sk.Encrypt(pk.EncodeSigned(42))));
  const uint32_t item = static_cast<uint32_t>(pairs.size());
  Write("psi_messages", "values.bin",
        Messages(4, {ListHeader(ListTag::kValuesEncrypted, 1, item),
                     ListChunk(ListTag::kValuesEncrypted, pairs)}));
  Bytes summary;
  AppendU64BE(summary, 2);
  Write("psi_messages", "summary.bin", Messages(5, {Message(MsgType::kSummary, summary)}));
  Write("psi_messages", "paillier-key.bin",
        Messages(6, {Message(MsgType::kPaillierKey, pk.ToBytes())}));
  Bytes masked = summary;
  Append(masked, pk.Serialize(sk.Encrypt(pk.EncodeSigned(1000))));
  Write("psi_messages", "masked-sum.bin", Messages(7, {Message(MsgType::kMaskedSum, masked)}));
  Write("psi_messages", "masked-below-k.bin", Messages(7, {Message(MsgType::kMaskedSum, summary)}));
  Write("psi_messages", "unmasked-sum.bin",
        Messages(8, {Message(MsgType::kUnmaskedSum, pk.EncodeSigned(-5).ToBytes(256))}));
}

// The client's Hello of secure_channel.cc, framed as Socket::SendFrame frames it.
Bytes Hello(uint8_t side, const std::string& settings) {
  Bytes h(16, 0);
  const char magic[] = "cleanroom-psi/1";
  std::copy(magic, magic + 15, h.begin());
  h.push_back(side);
  uint8_t pk[crypto_kx_PUBLICKEYBYTES], sk[crypto_kx_SECRETKEYBYTES];
  crypto_kx_keypair(pk, sk);
  Append(h, ByteView(pk, sizeof pk));
  Append(h, Bytes(32, 0x33));  // nonce
  Append(h, PartyKey("newsnow").public_key().bytes);
  h.push_back(0);  // flags
  AppendU32BE(h, static_cast<uint32_t>(settings.size()));
  Append(h, AsBytes(settings));
  Bytes framed;
  AppendU32BE(framed, static_cast<uint32_t>(h.size()));
  Append(framed, h);
  return framed;
}

void HandshakeSeeds() {
  Bytes auth;  // a signature frame sealed under keys the server will not have
  AppendU32BE(auth, 1 + 64 + 16);
  Append(auth, Bytes(1 + 64 + 16, 0x5a));
  Bytes s = Hello(1, kPsiSettings);
  Write("psi_handshake", "hello-only.bin", s);
  Append(s, auth);
  Write("psi_handshake", "hello-auth.bin", s);
  Write("psi_handshake", "other-settings.bin", Hello(1, "psi/1 reveal=size group=x25519 k=0"));
  Write("psi_handshake", "same-side.bin", Hello(0, kPsiSettings));
}

}  // namespace
}  // namespace cleanroom::fuzz

int main(int argc, char** argv) {
  using namespace cleanroom::fuzz;
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds CORPUS_DIR (e.g. fuzz/corpus)\n");
    return 2;
  }
  out_dir = argv[1];
  PolicySeeds();
  PlanSeeds();
  ManifestSeeds();
  EnclaveSeeds();
  PsiMessageSeeds();
  HandshakeSeeds();
  std::printf("seeds written under %s\n", out_dir.c_str());
  return 0;
}

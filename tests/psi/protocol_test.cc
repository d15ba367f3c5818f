// The PSI protocols against the plaintext intersection on random sets, through the real input
// path (CSV, normalisation, duplicates, empty and invalid identifiers) and a real loopback
// session.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/file_io.h"
#include "crypto/csprng.h"
#include "crypto/paillier.h"
#include "psi/input.h"
#include "psi/intersection_sum.h"
#include "psi/loopback.h"
#include "psi/messages.h"
#include "psi/psi_protocol.h"
#include "support/process.h"

namespace cleanroom::psi {
namespace {

using loopback::RunSession;

struct Party {
  std::string csv = "email,value\n";
  std::map<std::string, int64_t> truth;  // normalised id -> summed value
};

// Rows drawn from a small universe so that sets overlap, with duplicates (in other case and
// padding, which the email normaliser folds together), empty and invalid identifiers.
Party RandomParty(size_t rows, size_t universe) {
  Party p;
  for (size_t i = 0; i < rows; ++i) {
    uint64_t kind = RandomUniform(20);
    int64_t value = static_cast<int64_t>(RandomUniform(1000)) - 100;
    if (kind == 0) {
      p.csv += "," + std::to_string(value) + "\n";  // empty: matches nothing
    } else if (kind == 1) {
      p.csv += "not-an-email," + std::to_string(value) + "\n";
    } else {
      uint64_t n = RandomUniform(universe);
      std::string id = "user" + std::to_string(n) + "@example.com";
      std::string written = kind == 2 ? " USER" + std::to_string(n) + "@Example.com " : id;
      p.csv += written + "," + std::to_string(value) + "\n";
      p.truth[id] += value;
    }
  }
  return p;
}

PsiInput Load(const cleanroom::testing::ScratchDir& dir, const std::string& name, const Party& p) {
  std::string path = dir / name;
  EXPECT_TRUE(WriteFileAtomic(path, p.csv).ok());
  auto in = LoadPsiInput({path, "email", Normalizer::kEmail, "value"});
  EXPECT_TRUE(in.ok()) << in.error().message;
  return std::move(in).value();
}

std::set<std::string> Ids(const PsiInput& in, const std::vector<size_t>& idx) {
  std::set<std::string> s;
  for (size_t i : idx) s.insert(in.ids[i]);
  return s;
}

class PsiRandomSets : public ::testing::TestWithParam<std::tuple<Group, Reveal>> {};

TEST_P(PsiRandomSets, MatchesThePlaintextIntersection) {
  auto [group, reveal] = GetParam();
  cleanroom::testing::ScratchDir dir;
  // Several shapes: empty sets, one side empty, small and medium sets.
  const std::pair<size_t, size_t> shapes[] = {{0, 0}, {0, 20},  {15, 0},
                                              {1, 1}, {40, 60}, {300, 200}};
  for (auto [na, nb] : shapes) {
    Party a = RandomParty(na, 150), b = RandomParty(nb, 150);
    PsiInput in_a = Load(dir, "a.csv", a), in_b = Load(dir, "b.csv", b);
    std::set<std::string> expected;
    for (auto& [id, v] : a.truth) {
      if (b.truth.count(id)) expected.insert(id);
    }
    PsiOptions o{group, reveal, 0, 2};
    Result<PsiOutcome> server_out = MakeError(ErrorCode::kInternal, "not run");
    Result<PsiOutcome> client_out = MakeError(ErrorCode::kInternal, "not run");
    std::array<uint8_t, 32> session{};
    RunSession(
        [&](SecureChannel& ch) { server_out = PsiSender::CreateWithNewKey(o).Run(ch, in_b.ids); },
        [&](SecureChannel& ch) {
          session = ch.session_id();
          client_out = PsiReceiver::CreateWithNewKey(o).Run(ch, in_a.ids);
        });
    ASSERT_TRUE(server_out.ok()) << server_out.error().message;
    ASSERT_TRUE(client_out.ok()) << client_out.error().message;
    SCOPED_TRACE(std::to_string(na) + " x " + std::to_string(nb));
    EXPECT_EQ(client_out->intersection_size, expected.size());
    EXPECT_EQ(server_out->intersection_size, expected.size());
    EXPECT_EQ(client_out->peer_count, b.truth.size());
    EXPECT_EQ(server_out->peer_count, a.truth.size());
    EXPECT_EQ(in_a.ids.size(), a.truth.size());
    switch (reveal) {
      case Reveal::kSize:
        EXPECT_TRUE(client_out->matched.empty());
        EXPECT_TRUE(server_out->matched.empty());
        break;
      case Reveal::kIntersection:
        EXPECT_EQ(Ids(in_a, client_out->matched), expected);
        EXPECT_TRUE(server_out->matched.empty());
        break;
      case Reveal::kCrosswalk: {
        EXPECT_EQ(Ids(in_a, client_out->matched), expected);
        EXPECT_EQ(Ids(in_b, server_out->matched), expected);
        // The same id gets the same pseudonym on both sides, and different ids different ones.
        std::map<std::string, std::string> pa, pb;
        for (size_t m = 0; m < client_out->matched.size(); ++m) {
          pa[in_a.ids[client_out->matched[m]]] = client_out->pseudonyms[m];
        }
        for (size_t m = 0; m < server_out->matched.size(); ++m) {
          pb[in_b.ids[server_out->matched[m]]] = server_out->pseudonyms[m];
        }
        EXPECT_EQ(pa, pb);
        std::set<std::string> distinct;
        for (auto& [id, p] : pa) {
          EXPECT_EQ(p.size(), 32u);
          distinct.insert(p);
        }
        EXPECT_EQ(distinct.size(), pa.size());
        break;
      }
      case Reveal::kSum:
        break;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllModes, PsiRandomSets,
                         ::testing::Combine(::testing::Values(Group::kRistretto255, Group::kX25519),
                                            ::testing::Values(Reveal::kSize, Reveal::kIntersection,
                                                              Reveal::kCrosswalk)),
                         [](const auto& info) {
                           return std::string(GroupName(std::get<0>(info.param))) + "_" +
                                  RevealName(std::get<1>(info.param));
                         });

TEST(Psi, PseudonymsDifferBetweenSessions) {
  std::vector<std::string> ids = {"x", "y"};
  std::string first, second;
  for (std::string* out : {&first, &second}) {
    PsiOptions o{Group::kRistretto255, Reveal::kCrosswalk, 0, 1};
    RunSession([&](SecureChannel& ch) { (void)PsiSender::CreateWithNewKey(o).Run(ch, ids); },
               [&](SecureChannel& ch) {
                 auto r = PsiReceiver::CreateWithNewKey(o).Run(ch, {"x"});
                 ASSERT_TRUE(r.ok());
                 ASSERT_EQ(r->pseudonyms.size(), 1u);
                 *out = r->pseudonyms[0];
               });
  }
  EXPECT_NE(first, second);
}

TEST(Psi, ThresholdWithholdsTheResultFromBoth) {
  for (Reveal reveal : {Reveal::kSize, Reveal::kIntersection, Reveal::kCrosswalk}) {
    PsiOptions o{Group::kRistretto255, reveal, 3, 2};
    Result<PsiOutcome> s = MakeError(ErrorCode::kInternal, ""), c = s;
    RunSession(
        [&](SecureChannel& ch) {
          s = PsiSender::CreateWithNewKey(o).Run(ch, {"a", "b", "c"});
        },
        [&](SecureChannel& ch) {
          c = PsiReceiver::CreateWithNewKey(o).Run(ch, {"a", "b", "z"});
        });
    for (auto* r : {&s, &c}) {
      ASSERT_FALSE(r->ok()) << RevealName(reveal);
      EXPECT_EQ(r->error().code, ErrorCode::kPrivacy);
      EXPECT_EQ(r->error().message,
                "the intersection is below the threshold k=3; no result is released");
    }
  }
}

TEST(IntersectionSum, MatchesThePlaintextSum) {
  cleanroom::testing::ScratchDir dir;
  for (auto [na, nb] : std::vector<std::pair<size_t, size_t>>{{0, 10}, {30, 0}, {80, 60}}) {
    Party a = RandomParty(na, 60), b = RandomParty(nb, 60);
    PsiInput in_a = Load(dir, "a.csv", a), in_b = Load(dir, "b.csv", b);
    int64_t sum = 0;
    uint64_t size = 0;
    for (auto& [id, v] : b.truth) {
      if (a.truth.count(id)) {
        sum += v;
        ++size;
      }
    }
    SumOptions o{Group::kRistretto255, 0, 2, 2048};
    Result<SumOutcome> sa = MakeError(ErrorCode::kInternal, ""), sb = sa;
    // B (values) serves, A connects.
    RunSession(
        [&](SecureChannel& ch) {
          sb = SumValuesParty::CreateWithNewKey(o).Run(ch, in_b.ids, in_b.values);
        },
        [&](SecureChannel& ch) { sa = SumIdsParty::CreateWithNewKey(o).Run(ch, in_a.ids); });
    ASSERT_TRUE(sa.ok()) << sa.error().message;
    ASSERT_TRUE(sb.ok()) << sb.error().message;
    EXPECT_EQ(sa->intersection_size, size);
    EXPECT_EQ(sb->intersection_size, size);
    EXPECT_EQ(sa->sum, std::to_string(sum));
    EXPECT_EQ(sb->sum, "");  // B learns the size only
    EXPECT_EQ(sa->peer_count, b.truth.size());
    EXPECT_EQ(sb->peer_count, a.truth.size());
  }
}

TEST(IntersectionSum, ThresholdAndNegativeValues) {
  SumOptions o{Group::kX25519, 2, 2, 2048};
  Result<SumOutcome> sa = MakeError(ErrorCode::kInternal, ""), sb = sa;
  RunSession(
      [&](SecureChannel& ch) {
        sb = SumValuesParty::CreateWithNewKey(o).Run(ch, {"p", "q", "r"}, {-50, 20, 7});
      },
      [&](SecureChannel& ch) {
        sa = SumIdsParty::CreateWithNewKey(o).Run(ch, {"p", "q", "s"});
      });
  ASSERT_TRUE(sa.ok()) << sa.error().message;
  ASSERT_TRUE(sb.ok()) << sb.error().message;
  EXPECT_EQ(sa->sum, "-30");
  EXPECT_EQ(sa->intersection_size, 2u);

  o.k = 3;
  RunSession(
      [&](SecureChannel& ch) {
        sb = SumValuesParty::CreateWithNewKey(o).Run(ch, {"p", "q", "r"}, {-50, 20, 7});
      },
      [&](SecureChannel& ch) {
        sa = SumIdsParty::CreateWithNewKey(o).Run(ch, {"p", "q", "s"});
      });
  for (auto* r : {&sa, &sb}) {
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().code, ErrorCode::kPrivacy);
    EXPECT_EQ(r->error().message,
              "the intersection is below the threshold k=3; no result is released");
  }
}

TEST(IntersectionSum, AShortPaillierKeyIsRefused) {
  SumOptions weak{Group::kRistretto255, 0, 2, 1024};
  Result<SumOutcome> sa = MakeError(ErrorCode::kInternal, ""), sb = sa;
  RunSession(
      [&](SecureChannel& ch) { sb = SumValuesParty::CreateWithNewKey(weak).Run(ch, {"p"}, {1}); },
      [&](SecureChannel& ch) { sa = SumIdsParty::CreateWithNewKey(weak).Run(ch, {"p"}); });
  ASSERT_FALSE(sa.ok());
  EXPECT_EQ(sa.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(sa.error().message,
            "malformed message from peer: Paillier modulus of 1024 bits is below the minimum of "
            "2048");
  ASSERT_FALSE(sb.ok());
  EXPECT_EQ(sb.error().message, "peer ended the session: " + sa.error().message);
}

// A cheating B whose ciphertext for a matched id shares a factor with n (here: n itself). A
// checks the product of the matched ciphertexts once and refuses it.
TEST(IntersectionSum, AMatchedCiphertextNotCoprimeToNIsRefused) {
  Result<SumOutcome> sa = MakeError(ErrorCode::kInternal, "");
  RunSession(
      [&](SecureChannel& ch) {  // B, by hand
        auto sk = PaillierPrivateKey::Generate(2048).value();
        const auto& pk = sk.public_key();
        ASSERT_TRUE(SendMessage(ch, MsgType::kPaillierKey, pk.ToBytes()).ok());
        EcdhCipher cipher = EcdhCipher::CreateWithNewKey(Group::kX25519, 1);
        auto a1 = ReceiveList(ch, ListTag::kReceiverBlinded, kElementSize);
        ASSERT_TRUE(a1.ok());
        auto a2 = cipher.Reblind(*a1);
        ASSERT_TRUE(a2.ok());
        ASSERT_TRUE(SendList(ch, ListTag::kReceiverDoubleBlinded, *a2, kElementSize).ok());
        Bytes pairs = cipher.HashAndBlind({"p", "q"});
        Bytes good = pk.Serialize(sk.Encrypt(BigInt(1)));
        Bytes bad = pk.n().ToBytes(pk.ciphertext_size());  // in range, gcd(n, n) = n
        Bytes items;
        Append(items, ByteView(pairs).subspan(0, kElementSize));
        Append(items, good);
        Append(items, ByteView(pairs).subspan(kElementSize, kElementSize));
        Append(items, bad);
        ASSERT_TRUE(
            SendList(ch, ListTag::kValuesEncrypted, items, kElementSize + good.size()).ok());
        (void)ReceiveMessage(ch, MsgType::kMaskedSum, std::string::npos);  // A's abort
      },
      [&](SecureChannel& ch) {
        sa = SumIdsParty::CreateWithNewKey({Group::kX25519, 0, 2, 2048}).Run(ch, {"p", "q"});
      });
  ASSERT_FALSE(sa.ok());
  EXPECT_EQ(sa.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(sa.error().message,
            "malformed message from peer: Paillier ciphertext not coprime to the modulus");
}

}  // namespace
}  // namespace cleanroom::psi

// psi_bench: the cost of cleanroom's PSI, measured the way the issue asks. Two processes (the
// parties, forked) run a real session over TCP on 127.0.0.1, each with its own threads for
// the group operations; each reports its own CPU time (getrusage, all its threads) and the
// wall time. Also times the primitives one by one.
//
// This host's speed drifts by up to 2x within an hour, so every session run also measures a
// reference in the same process, just before and just after the session: the plain
// recipe (SHA-512, ristretto255 hash-to-group, two ristretto255 multiplications, all
// libsodium) on the same number of threads, as CPU time per element. The issue measured that
// recipe at about 120 us and set the target at 100 us, so a ratio <= 0.83 meets it at any speed.
//
//   psi_bench [--n N] [--m M] [--group ristretto255|x25519] [--reveal size|intersection|
//             crosswalk|sum] [--threads T] [--primitives]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "crypto/paillier.h"
#include "crypto/ristretto255.h"
#include "psi/intersection_sum.h"
#include "psi/parallel.h"
#include "psi/psi_protocol.h"
#include "psi/secure_channel.h"

using namespace cleanroom;
using namespace cleanroom::psi;

namespace {

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Ids 0..n-1 for one party and n/2..n/2+m-1 for the other: an overlap of min(n, m) / 2.
std::vector<std::string> Ids(size_t from, size_t count) {
  std::vector<std::string> v;
  v.reserve(count);
  for (size_t i = from; i < from + count; ++i)
    v.push_back("user" + std::to_string(i) + "@example.com");
  return v;
}

struct Stats {
  double cpu = 0, wall = 0;
  uint64_t size = 0;
  int ok = 0;
};

// CPU seconds per element of the plain recipe, `threads` threads at once.
double ReferenceRecipe(int threads) {
  const size_t n = 1000 * static_cast<size_t>(threads);
  double t = CpuSeconds();
  ParallelFor(n, threads, [](size_t b, size_t e) {
    RistrettoScalar k1 = RistrettoScalar::Random(), k2 = RistrettoScalar::Random();
    std::array<uint8_t, kRistrettoHashSize> h{};
    for (size_t i = b; i < e; ++i) {
      std::string id = "user" + std::to_string(i) + "@example.com";
      crypto_hash_sha512(h.data(), reinterpret_cast<const uint8_t*>(id.data()), id.size());
      RistrettoPoint p = RistrettoFromHash(h);
      if (!RistrettoMul(k2, RistrettoMul(k1, p).value()).ok()) std::abort();
    }
  });
  return (CpuSeconds() - t) / static_cast<double>(n);
}

void Primitives() {
  const int n = 2000;
  std::array<uint8_t, 64> h{};
  randombytes_buf(h.data(), h.size());
  RistrettoScalar k = RistrettoScalar::Random();
  RistrettoPoint p = RistrettoFromHash(h);
  double t = CpuSeconds();
  for (int i = 0; i < n; ++i) {
    h[0] = static_cast<uint8_t>(i);
    p = RistrettoFromHash(h);
  }
  std::printf("ristretto255 hash-to-group   %7.1f us\n", (CpuSeconds() - t) / n * 1e6);
  t = CpuSeconds();
  for (int i = 0; i < n; ++i) p = RistrettoMul(k, p).value();
  std::printf("ristretto255 multiplication  %7.1f us\n", (CpuSeconds() - t) / n * 1e6);
  uint8_t s[32], u[32];
  randombytes_buf(s, 32);
  randombytes_buf(u, 32);
  u[31] &= 0x7f;
  t = CpuSeconds();
  for (int i = 0; i < n; ++i) {
    if (crypto_scalarmult_curve25519(u, s, u) != 0) std::abort();
  }
  std::printf("x25519 multiplication (sodium)%7.1f us\n", (CpuSeconds() - t) / n * 1e6);
  // What the protocol runs: a batch through EcdhCipher on one thread (x25519: OpenSSL).
  for (Group g : {Group::kX25519, Group::kRistretto255}) {
    EcdhCipher cipher = EcdhCipher::CreateWithNewKey(g, 1);
    std::vector<std::string> ids = Ids(0, n);
    t = CpuSeconds();
    Bytes blinded = cipher.HashAndBlind(ids);
    std::printf("%-12s hash and blind   %7.1f us\n", GroupName(g), (CpuSeconds() - t) / n * 1e6);
    t = CpuSeconds();
    if (!cipher.Reblind(blinded).ok()) std::abort();
    std::printf("%-12s re-blind         %7.1f us\n", GroupName(g), (CpuSeconds() - t) / n * 1e6);
  }
  t = CpuSeconds();
  const int keys = 5;
  for (int i = 0; i < keys; ++i) (void)PaillierPrivateKey::Generate(2048).value();
  std::printf("Paillier-2048 key generation (with tables) %7.1f ms\n",
              (CpuSeconds() - t) / keys * 1e3);
  auto sk = PaillierPrivateKey::Generate(2048).value();
  const auto& pk = sk.public_key();
  const int m = 50;
  // The generated key samples r^n from fixed-base tables; the same key deserialised (p - 1 not
  // factored) by s^p mod p^2: the reference for the tables' speed-up.
  auto sk_plain = PaillierPrivateKey::Deserialize(sk.Serialize().view()).value();
  double fixed = 0, plain = 0;
  for (int round = 0; round < 2; ++round) {  // interleaved, against the host's drift
    t = CpuSeconds();
    for (int i = 0; i < m; ++i) (void)sk.Encrypt(BigInt(i));
    fixed += CpuSeconds() - t;
    t = CpuSeconds();
    for (int i = 0; i < m; ++i) (void)sk_plain.Encrypt(BigInt(i));
    plain += CpuSeconds() - t;
  }
  std::printf("Paillier-2048 encrypt (CRT, fixed-base tables) %7.1f us\n", fixed / (2 * m) * 1e6);
  std::printf("Paillier-2048 encrypt (CRT, s^p mod p^2)      %7.1f us (%.2fx the tables' time)\n",
              plain / (2 * m) * 1e6, plain / fixed);
  t = CpuSeconds();
  for (int i = 0; i < m; ++i) (void)pk.Encrypt(BigInt(i));
  std::printf("Paillier-2048 encrypt (pub)  %7.1f us\n", (CpuSeconds() - t) / m * 1e6);
  auto c = pk.Encrypt(BigInt(1));
  t = CpuSeconds();
  for (int i = 0; i < 1000; ++i) c = pk.Add(c, c);
  std::printf("Paillier-2048 add            %7.1f us\n", (CpuSeconds() - t) / 1000 * 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 100000, m = 100000;
  int threads = 2;
  std::string group_name = "ristretto255", reveal_name = "intersection";
  bool primitives = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--n")
      n = std::stoull(next());
    else if (a == "--m")
      m = std::stoull(next());
    else if (a == "--group")
      group_name = next();
    else if (a == "--reveal")
      reveal_name = next();
    else if (a == "--threads")
      threads = std::stoi(next());
    else if (a == "--primitives")
      primitives = true;
    else {
      std::fprintf(stderr, "unknown flag %s\n", a.c_str());
      return 2;
    }
  }
  if (sodium_init() < 0) return 1;
  if (primitives) {
    Primitives();
    return 0;
  }
  Group group = ParseGroup(group_name).value();
  Reveal reveal = ParseReveal(reveal_name).value();
  auto server_key = Ed25519KeyPair::Generate();
  auto client_key = Ed25519KeyPair::Generate();
  auto listener = Listener::Listen({"127.0.0.1", 0}).value();
  int port = listener.port();
  HelloSettings settings{"bench", 0};

  const double reference_before = ReferenceRecipe(threads);
  int fds[2];
  if (pipe(fds) != 0) return 1;
  pid_t child = fork();
  if (child == 0) {  // the server: sender, or B (with values) for sum
    close(fds[0]);
    std::vector<std::string> ids = Ids(n / 2, m);
    Stats st;
    double c0 = CpuSeconds();
    auto sock = listener.Accept(60).value();
    double w0 = Now();
    auto ch = SecureChannel::Establish(std::move(sock), Side::kServer, server_key,
                                       client_key.public_key(), settings)
                  .value();
    if (reveal == Reveal::kSum) {
      std::vector<int64_t> values(ids.size(), 3);
      auto r = SumValuesParty::CreateWithNewKey({group, 0, threads, 2048}).Run(*ch, ids, values);
      st.ok = r.ok();
      if (r.ok()) st.size = r->intersection_size;
    } else {
      auto r = PsiSender::CreateWithNewKey({group, reveal, 0, threads}).Run(*ch, ids);
      st.ok = r.ok();
      if (r.ok()) st.size = r->intersection_size;
    }
    st.wall = Now() - w0;
    st.cpu = CpuSeconds() - c0;
    if (write(fds[1], &st, sizeof st) != sizeof st) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  std::vector<std::string> ids = Ids(0, n);
  double c0 = CpuSeconds();
  auto sock = Connect({"127.0.0.1", port}, 10).value();
  double w0 = Now();
  auto ch = SecureChannel::Establish(std::move(sock), Side::kClient, client_key,
                                     server_key.public_key(), settings)
                .value();
  Stats st;
  std::string sum;
  if (reveal == Reveal::kSum) {
    auto r = SumIdsParty::CreateWithNewKey({group, 0, threads, 2048}).Run(*ch, ids);
    st.ok = r.ok();
    if (r.ok()) {
      st.size = r->intersection_size;
      sum = r->sum;
    } else {
      std::fprintf(stderr, "%s\n", r.error().message.c_str());
    }
  } else {
    auto r = PsiReceiver::CreateWithNewKey({group, reveal, 0, threads}).Run(*ch, ids);
    st.ok = r.ok();
    if (r.ok())
      st.size = r->intersection_size;
    else
      std::fprintf(stderr, "%s\n", r.error().message.c_str());
  }
  st.wall = Now() - w0;
  st.cpu = CpuSeconds() - c0;
  Stats peer;
  if (read(fds[0], &peer, sizeof peer) != sizeof peer) return 1;
  int status = 0;
  waitpid(child, &status, 0);
  const double reference_after = ReferenceRecipe(threads);
  const double reference = (reference_before + reference_after) / 2;
  std::printf("psi_bench group=%s reveal=%s n=%zu m=%zu threads=%d\n", group_name.c_str(),
              reveal_name.c_str(), n, m, threads);
  std::printf("  intersection size %llu (expected %zu)%s%s\n",
              static_cast<unsigned long long>(st.size), std::min(n, m) / 2,
              sum.empty() ? "" : ", sum ", sum.c_str());
  std::printf(
      "  client (receiver / A): cpu %.2f s = %.1f us per own element (%.2fx reference), "
      "wall %.2f s\n",
      st.cpu, st.cpu / n * 1e6, st.cpu / n / reference, st.wall);
  std::printf(
      "  server (sender / B):   cpu %.2f s = %.1f us per own element (%.2fx reference), "
      "wall %.2f s\n",
      peer.cpu, peer.cpu / m * 1e6, peer.cpu / m / reference, peer.wall);
  std::printf(
      "  reference recipe (ristretto255 hash + 2 multiplications, %d threads): %.1f us "
      "per element (before %.1f, after %.1f); target ratio 100/120 = 0.83\n",
      threads, reference * 1e6, reference_before * 1e6, reference_after * 1e6);
  return st.ok && peer.ok ? 0 : 1;
}

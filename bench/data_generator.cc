#include "bench/data_generator.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "common/splitmix64.h"

namespace cleanroom::bench {
namespace {

constexpr const char* kFirst[] = {
    "alice",   "bob",  "carol",  "david", "eve",    "frank", "grace", "heidi",  "ivan",   "judy",
    "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "zoe"};
constexpr const char* kLast[] = {"smith",  "jones", "garcia", "miller", "davis", "lopez",
                                 "wilson", "moore", "taylor", "thomas", "lee",   "white"};
constexpr const char* kDomains[] = {"gmail.com",  "yahoo.com", "outlook.com", "email.com",
                                    "icloud.com", "proton.me", "example.org", "shop.co.uk"};
constexpr const char* kCampaigns[] = {"sg_fall25", "sg_fall25", "sg_fall25", "sg_summer25",
                                      "nn_house_ad"};
constexpr const char* kInvalid[] = {
    "", "", "n/a", "unknown", "alice.at.email.com", "bob@", "@email.com", "carol@@email.com"};

// A buffered writer that keeps the byte count.
class Out {
 public:
  static Result<std::unique_ptr<Out>> Open(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
      return MakeError(ErrorCode::kIo, path + ": cannot create: " + std::strerror(errno));
    }
    auto out = std::unique_ptr<Out>(new Out());
    out->f_ = f;
    out->path_ = path;
    out->buf_.reserve(kFlushAt + 256);
    return out;
  }
  ~Out() {
    if (f_) std::fclose(f_);
  }
  std::string& buf() { return buf_; }
  Status MaybeFlush(bool force = false) {
    if (buf_.size() < kFlushAt && !force) return Ok();
    if (std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
      return MakeError(ErrorCode::kIo, path_ + ": cannot write: " + std::strerror(errno));
    }
    bytes_ += buf_.size();
    buf_.clear();
    return Ok();
  }
  Result<uint64_t> Close() {
    CR_RETURN_IF_ERROR(MaybeFlush(true));
    int rc = std::fclose(f_);
    f_ = nullptr;
    if (rc != 0) return MakeError(ErrorCode::kIo, path_ + ": cannot write");
    return bytes_;
  }

 private:
  Out() = default;
  static constexpr size_t kFlushAt = size_t{1} << 20;
  FILE* f_ = nullptr;
  std::string path_;
  std::string buf_;
  uint64_t bytes_ = 0;
};

void AppendUint(std::string& s, uint64_t v) {
  char tmp[24];
  int n = std::snprintf(tmp, sizeof tmp, "%llu", static_cast<unsigned long long>(v));
  s.append(tmp, static_cast<size_t>(n));
}

// The canonical email of person `id`, possibly written messily; or an invalid one.
void AppendEmail(std::string& s, uint64_t id, SplitMix64& rng, const ScenarioOptions& o,
                 ScenarioStats& stats) {
  double u = rng.Unit();
  if (u < o.invalid_emails) {
    const char* bad = kInvalid[rng.Below(std::size(kInvalid))];
    ++stats.invalid_emails;
    if (*bad == '\0') ++stats.empty_emails;
    s += bad;
    return;
  }
  // Person `id` always has the same address (so the two files can match on it).
  uint64_t h = id * 0x9e3779b97f4a7c15ull;
  size_t start = s.size();
  s += kFirst[(h >> 7) % std::size(kFirst)];
  s += '.';
  s += kLast[(h >> 17) % std::size(kLast)];
  AppendUint(s, id);
  s += '@';
  s += kDomains[(h >> 29) % std::size(kDomains)];
  if (u < o.invalid_emails + o.messy_emails) {
    switch (rng.Below(3)) {
      case 0:  // Capitalised, as people type it
        s[start] = static_cast<char>(s[start] - 'a' + 'A');
        break;
      case 1:  // SHOUTING
        for (size_t i = start; i < s.size(); ++i) {
          if (s[i] >= 'a' && s[i] <= 'z') s[i] = static_cast<char>(s[i] - 'a' + 'A');
        }
        break;
      default:  // stray spaces from a copy and paste
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(start), ' ');
        s += "  ";
        break;
    }
  }
}

void AppendDate(std::string& s, int month, int day) {
  char tmp[16];
  std::snprintf(tmp, sizeof tmp, "2025-%02d-%02d", month, day);
  s += tmp;
}

}  // namespace

Result<ScenarioStats> WriteScenarioCsv(const ScenarioOptions& o, const std::string& exposures_path,
                                       const std::string& purchases_path) {
  ScenarioStats stats;
  // People 0..exposed-1 were exposed; buyers outside the overlap come from a disjoint range.
  const uint64_t exposed_people = o.exposure_rows > 1 ? o.exposure_rows * 4 / 5 : 1;
  const uint64_t other_buyers = o.purchase_rows > 1 ? o.purchase_rows : 1;
  if (!exposures_path.empty()) {
    SplitMix64 rng(o.seed * 2 + 1);
    CR_ASSIGN_OR_RETURN(std::unique_ptr<Out> out, Out::Open(exposures_path));
    out->buf() += "user_id,email,campaign_id,exposure_date\n";
    for (uint64_t r = 0; r < o.exposure_rows; ++r) {
      std::string& s = out->buf();
      uint64_t person = rng.Below(exposed_people);
      AppendUint(s, 100000 + person);
      s += ',';
      AppendEmail(s, person, rng, o, stats);
      s += ',';
      s += kCampaigns[rng.Below(std::size(kCampaigns))];
      s += ',';
      AppendDate(s, 10, 1 + static_cast<int>(rng.Below(31)));
      s += '\n';
      CR_RETURN_IF_ERROR(out->MaybeFlush());
    }
    CR_ASSIGN_OR_RETURN(stats.exposure_bytes, out->Close());
    stats.exposure_rows = o.exposure_rows;
  }
  if (!purchases_path.empty()) {
    SplitMix64 rng(o.seed * 2 + 2);
    CR_ASSIGN_OR_RETURN(std::unique_ptr<Out> out, Out::Open(purchases_path));
    out->buf() += "customer_id,email,purchase_date,total_spent\n";
    for (uint64_t r = 0; r < o.purchase_rows; ++r) {
      std::string& s = out->buf();
      uint64_t person = rng.Unit() < o.overlap ? rng.Below(exposed_people)
                                               : exposed_people + rng.Below(other_buyers);
      AppendUint(s, 500000 + r);
      s += ',';
      AppendEmail(s, person, rng, o, stats);
      s += ',';
      bool november = rng.Below(3) == 0;
      AppendDate(s, november ? 11 : 10, 1 + static_cast<int>(rng.Below(november ? 15 : 31)));
      s += ',';
      uint64_t cents = 500 + rng.Below(20000) + (rng.Below(10) == 0 ? rng.Below(100000) : 0);
      if (rng.Below(4) != 0) s += '$';
      AppendUint(s, cents / 100);
      s += '.';
      s += static_cast<char>('0' + (cents / 10) % 10);
      s += static_cast<char>('0' + cents % 10);
      s += '\n';
      CR_RETURN_IF_ERROR(out->MaybeFlush());
    }
    CR_ASSIGN_OR_RETURN(stats.purchase_bytes, out->Close());
    stats.purchase_rows = o.purchase_rows;
  }
  return stats;
}

}  // namespace cleanroom::bench

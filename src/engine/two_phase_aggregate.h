// TwoPhaseAggregate: the aggregation of docs/architecture.md ("Privacy semantics"). Phase 1
// keeps one partial per (person, group): rows, and per aggregate the count, sum, min and max
// of its non-null inputs. A row whose identifier is missing, empty or invalid is a person of
// its own (it shares a partial with no other row) and is left out of COUNT(DISTINCT id).
// Between the phases, and only when the policy's dp is on, each person's contribution is
// bounded by privacy/contribution_bounding.h (the one implementation of those rules): a person
// keeps a uniform sample of at most max_groups_per_person of their groups, each per-person
// SUM/AVG partial is clamped to the metric's declared bounds, and each person's row count in a
// group to max_rows_per_person. With dp null nothing is bounded: the table is exact SQL.
// Phase 2 sums the partials across persons into an AggregateTable; sums are 128-bit, so no
// sum of 64-bit values can wrap. One instance per thread; Merge combines them before Finish.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "engine/vec.h"
#include "privacy/aggregate_table.h"
#include "privacy/noise_source.h"
#include "sql/plan.h"

namespace cleanroom::engine {

struct FingerprintHash {
  size_t operator()(const Fingerprint& f) const {
    uint64_t h;
    static_assert(sizeof(h) <= sizeof(Fingerprint));
    __builtin_memcpy(&h, f.data(), sizeof(h));
    return static_cast<size_t>(h);
  }
};

class TwoPhaseAggregate {
 public:
  explicit TwoPhaseAggregate(const sql::Plan& plan);

  // Phase 1 for rows `sel` of a batch: persons[r] is row r's person when has_person[r] is 1
  // (else row r is a person of its own), keys[g] the batch Vec of group column g, args[a] the
  // Vec of aggregate a's input (nullptr for COUNT(*) / DISTINCT).
  void Add(const std::vector<Fingerprint>& persons, const std::vector<uint8_t>& has_person,
           const std::vector<const Vec*>& keys, const std::vector<const Vec*>& args,
           const std::vector<uint32_t>& sel);
  void Merge(TwoPhaseAggregate&& other);

  // Bounding (under DP, with `sampler` choosing each person's groups) and phase 2. An
  // ungrouped query always yields its one whole-table group. kRejected when a metric's
  // declared bounds cannot be used in fixed point.
  Result<AggregateTable> Finish(int64_t max_rows_per_person, NoiseSource& sampler) const;

 private:
  // A person: a fingerprint, or (anonymous != 0) a row without one, a person of its own.
  struct PersonGroup {
    Fingerprint person;
    uint64_t anonymous;
    uint32_t group;
    bool operator==(const PersonGroup& o) const {
      return group == o.group && anonymous == o.anonymous && person == o.person;
    }
  };
  struct PersonGroupHash {
    size_t operator()(const PersonGroup& k) const {
      return FingerprintHash()(k.person) ^ (k.anonymous * 0xC2B2AE3D27D4EB4FULL) ^
             (k.group * 0x9E3779B97F4A7C15ULL);
    }
  };
  struct Partial {
    int64_t count = 0;
    __int128 sum = 0;
    int64_t min = 0;
    int64_t max = 0;
  };
  uint32_t GroupOf(const std::vector<const Vec*>& keys, size_t r);
  uint32_t Slot(const PersonGroup& key);
  PersonGroup AnonymousIn(uint32_t group) {
    return PersonGroup{Fingerprint{}, ++anonymous_persons_, group};
  }

  const sql::Plan* plan_;
  size_t n_aggs_;
  std::unordered_map<std::string, uint32_t> group_ids_;
  std::vector<std::string> group_codes_;            // encoded key per group
  std::vector<std::vector<CellValue>> group_keys_;  // decoded key per group
  std::unordered_map<PersonGroup, uint32_t, PersonGroupHash> slots_;
  std::vector<PersonGroup> slot_keys_;
  std::vector<int64_t> rows_;      // per slot
  std::vector<Partial> partials_;  // slot * n_aggs_ + aggregate
  uint64_t anonymous_persons_ = 0;
  std::string scratch_;
};

}  // namespace cleanroom::engine

// TwoPhaseAggregate: the aggregation of DESIGN.md section 3. Phase 1 keeps one partial per
// (person, group) — rows, and per aggregate the count, sum, min and max of its non-null
// inputs. Between the phases each person's contribution is bounded: a person keeps at most
// max_groups_per_person of their groups, sampled uniformly (not first-seen) with an injected
// random source, and each per-person SUM/AVG partial is clamped to the metric's declared
// bounds; under DP each person's row count in a group is clamped to max_rows_per_person.
// Phase 2 sums the bounded partials across persons into an AggregateTable. One instance per
// thread; Merge combines them before Finish.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/vec.h"
#include "privacy/aggregate_table.h"
#include "sql/plan.h"

namespace cleanroom::engine {

// Uniform in [0, bound). Production: crypto/csprng.h RandomUniform; tests: a seeded double.
using UniformFn = std::function<uint64_t(uint64_t bound)>;

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

  // Phase 1 for rows `sel` of a batch: persons[r] is row r's person, keys[g] the batch Vec of
  // group column g, args[a] the Vec of aggregate a's input (nullptr for COUNT(*) / DISTINCT).
  void Add(const std::vector<Fingerprint>& persons, const std::vector<const Vec*>& keys,
           const std::vector<const Vec*>& args, const std::vector<uint32_t>& sel);
  void Merge(TwoPhaseAggregate&& other);

  // Bounding and phase 2. An ungrouped query always yields its one whole-table group.
  AggregateTable Finish(int64_t max_rows_per_person, const UniformFn& uniform) const;

 private:
  struct PersonGroup {
    Fingerprint person;
    uint32_t group;
    bool operator==(const PersonGroup& o) const { return group == o.group && person == o.person; }
  };
  struct PersonGroupHash {
    size_t operator()(const PersonGroup& k) const {
      return FingerprintHash()(k.person) ^ (k.group * 0x9E3779B97F4A7C15ULL);
    }
  };
  struct Partial {
    int64_t count = 0;
    int64_t sum = 0;
    int64_t min = 0;
    int64_t max = 0;
  };
  uint32_t GroupOf(const std::vector<const Vec*>& keys, size_t r);
  uint32_t Slot(const Fingerprint& person, uint32_t group);

  const sql::Plan* plan_;
  size_t n_aggs_;
  std::unordered_map<std::string, uint32_t> group_ids_;
  std::vector<std::string> group_codes_;            // encoded key per group
  std::vector<std::vector<CellValue>> group_keys_;  // decoded key per group
  std::unordered_map<PersonGroup, uint32_t, PersonGroupHash> slots_;
  std::vector<PersonGroup> slot_keys_;
  std::vector<int64_t> rows_;      // per slot
  std::vector<Partial> partials_;  // slot * n_aggs_ + aggregate
  std::string scratch_;
};

}  // namespace cleanroom::engine

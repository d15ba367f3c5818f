#include "engine/two_phase_aggregate.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "privacy/contribution_bounding.h"

namespace cleanroom::engine {
namespace {

AggregateKind KindOf(sql::AggFn f) {
  switch (f) {
    case sql::AggFn::kCountStar:
      return AggregateKind::kCountStar;
    case sql::AggFn::kCountDistinct:
      return AggregateKind::kCountDistinct;
    case sql::AggFn::kSum:
      return AggregateKind::kSum;
    case sql::AggFn::kAvg:
      return AggregateKind::kAvg;
    case sql::AggFn::kMin:
      return AggregateKind::kMin;
    case sql::AggFn::kMax:
      return AggregateKind::kMax;
  }
  return AggregateKind::kCountStar;
}

}  // namespace

TwoPhaseAggregate::TwoPhaseAggregate(const sql::Plan& plan)
    : plan_(&plan), n_aggs_(plan.aggregates().size()) {}

uint32_t TwoPhaseAggregate::GroupOf(const std::vector<const Vec*>& keys, size_t r) {
  scratch_.clear();
  for (const Vec* k : keys) {
    if (!k->valid[r]) {
      scratch_.push_back('\0');
    } else if (k->type == ValueType::kString) {
      uint32_t len = static_cast<uint32_t>(k->s[r].size());
      scratch_.push_back('\1');
      scratch_.append(reinterpret_cast<const char*>(&len), sizeof len);
      scratch_.append(k->s[r]);
    } else {
      scratch_.push_back('\2');
      scratch_.append(reinterpret_cast<const char*>(&k->i[r]), sizeof(int64_t));
    }
  }
  auto [it, inserted] =
      group_ids_.try_emplace(scratch_, static_cast<uint32_t>(group_codes_.size()));
  if (inserted) {
    group_codes_.push_back(scratch_);
    std::vector<CellValue> key;
    for (const Vec* k : keys) {
      if (!k->valid[r]) {
        key.emplace_back(std::monostate{});
      } else if (k->type == ValueType::kString) {
        key.emplace_back(k->s[r]);
      } else {
        key.emplace_back(k->i[r]);
      }
    }
    group_keys_.push_back(std::move(key));
  }
  return it->second;
}

uint32_t TwoPhaseAggregate::Slot(const PersonGroup& key) {
  uint32_t next = static_cast<uint32_t>(slot_keys_.size());
  if (key.anonymous == 0) {
    auto [it, inserted] = slots_.try_emplace(key, next);
    if (!inserted) return it->second;
  }  // an anonymous person is in one slot only: no lookup needed
  slot_keys_.push_back(key);
  rows_.push_back(0);
  partials_.resize(partials_.size() + n_aggs_);
  return next;
}

void TwoPhaseAggregate::Add(const std::vector<Fingerprint>& persons,
                            const std::vector<uint8_t>& has_person,
                            const std::vector<const Vec*>& keys,
                            const std::vector<const Vec*>& args, const std::vector<uint32_t>& sel) {
  for (uint32_t r : sel) {
    uint32_t g = keys.empty() ? 0 : GroupOf(keys, r);
    if (keys.empty() && group_codes_.empty()) {
      group_ids_.emplace("", 0);
      group_codes_.emplace_back();
      group_keys_.emplace_back();
    }
    uint32_t s = Slot(has_person[r] ? PersonGroup{persons[r], 0, g} : AnonymousIn(g));
    ++rows_[s];
    for (size_t a = 0; a < n_aggs_; ++a) {
      const Vec* v = args[a];
      if (v == nullptr || !v->valid[r]) continue;
      Partial& p = partials_[s * n_aggs_ + a];
      int64_t x = v->i[r];
      if (p.count == 0) {
        p.min = p.max = x;
      } else {
        p.min = std::min(p.min, x);
        p.max = std::max(p.max, x);
      }
      ++p.count;
      p.sum += x;
    }
  }
}

void TwoPhaseAggregate::Merge(TwoPhaseAggregate&& o) {
  std::vector<uint32_t> remap(o.group_codes_.size());
  for (size_t g = 0; g < o.group_codes_.size(); ++g) {
    auto [it, inserted] =
        group_ids_.try_emplace(o.group_codes_[g], static_cast<uint32_t>(group_codes_.size()));
    if (inserted) {
      group_codes_.push_back(o.group_codes_[g]);
      group_keys_.push_back(o.group_keys_[g]);
    }
    remap[g] = it->second;
  }
  for (size_t os = 0; os < o.slot_keys_.size(); ++os) {
    const PersonGroup& ok = o.slot_keys_[os];
    uint32_t g = remap[ok.group];
    // The other instance numbered its anonymous persons on its own: give each a new number.
    uint32_t s = Slot(ok.anonymous == 0 ? PersonGroup{ok.person, 0, g} : AnonymousIn(g));
    rows_[s] += o.rows_[os];
    for (size_t a = 0; a < n_aggs_; ++a) {
      Partial& p = partials_[s * n_aggs_ + a];
      const Partial& q = o.partials_[os * n_aggs_ + a];
      if (q.count == 0) continue;
      p.min = p.count == 0 ? q.min : std::min(p.min, q.min);
      p.max = p.count == 0 ? q.max : std::max(p.max, q.max);
      p.count += q.count;
      p.sum += q.sum;
    }
  }
}

Result<AggregateTable> TwoPhaseAggregate::Finish(int64_t max_rows_per_person,
                                                 NoiseSource& sampler) const {
  const sql::Plan& plan = *plan_;
  const bool dp = plan.privacy().dp.has_value();
  AggregateTable out;
  out.grouped = plan.grouped();
  out.max_groups_per_person = plan.privacy().max_groups_per_person;
  out.max_rows_per_person = max_rows_per_person;
  // Under DP: the bounds each per-person SUM/AVG partial is clamped to.
  std::vector<std::optional<FixedBounds>> bounds(n_aggs_);
  for (size_t a = 0; a < n_aggs_; ++a) {
    const sql::PlanAggregate& pa = plan.aggregates()[a];
    AggregateSpec spec;
    spec.kind = KindOf(pa.fn);
    spec.output_name = pa.text;
    if (pa.arg && pa.fn != sql::AggFn::kCountDistinct) {
      spec.input_type = pa.arg->column_type;
      spec.bounds = pa.bounds;
      if (dp && pa.bounds && (pa.fn == sql::AggFn::kSum || pa.fn == sql::AggFn::kAvg)) {
        CR_ASSIGN_OR_RETURN(bounds[a], ToFixedBounds(*pa.bounds, pa.arg->column_type));
      }
    }
    out.aggregates.push_back(spec);
  }
  size_t n_groups = group_codes_.size();
  if (!plan.grouped() && n_groups == 0) n_groups = 1;  // the empty whole-table group
  out.groups.resize(n_groups);
  for (size_t g = 0; g < n_groups; ++g) {
    out.groups[g].key = g < group_keys_.size() ? group_keys_[g] : std::vector<CellValue>{};
    out.groups[g].aggregates.resize(n_aggs_);
  }
  std::vector<bool> seen(n_groups, false);
  auto add = [&](uint32_t s) {
    const PersonGroup& key = slot_keys_[s];
    ExactGroup& g = out.groups[key.group];
    seen[key.group] = true;
    ++g.distinct_persons;  // an anonymous person too: a person of its own for k and DP
    for (size_t a = 0; a < n_aggs_; ++a) {
      ExactAggregate& e = g.aggregates[a];
      const Partial& p = partials_[s * n_aggs_ + a];
      switch (out.aggregates[a].kind) {
        case AggregateKind::kCountStar:
          e.count += dp ? std::min(rows_[s], max_rows_per_person) : rows_[s];
          break;
        case AggregateKind::kCountDistinct:
          if (key.anonymous == 0) ++e.count;  // as SQL leaves out NULL
          break;
        case AggregateKind::kSum:
        case AggregateKind::kAvg:
          if (p.count == 0) break;
          e.sum += bounds[a] ? bounds[a]->Clamp(p.sum) : p.sum;
          e.count += dp ? std::min(p.count, max_rows_per_person) : p.count;
          break;
        default:
          if (p.count == 0) break;
          e.min = e.count == 0 ? p.min : std::min(e.min, p.min);
          e.max = e.count == 0 ? p.max : std::max(e.max, p.max);
          e.count += p.count;
      }
    }
  };
  if (!dp) {
    for (uint32_t s = 0; s < slot_keys_.size(); ++s) add(s);
    return out;
  }
  // Under DP: order the slots by person (then group), and keep a uniform sample of at most
  // max_groups_per_person of each person's groups.
  std::vector<uint32_t> order(slot_keys_.size());
  for (uint32_t s = 0; s < order.size(); ++s) order[s] = s;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const PersonGroup& x = slot_keys_[a];
    const PersonGroup& y = slot_keys_[b];
    if (x.anonymous != y.anonymous) return x.anonymous < y.anonymous;
    int c = std::memcmp(x.person.data(), y.person.data(), x.person.size());
    return c != 0 ? c < 0 : x.group < y.group;
  });
  const size_t k = static_cast<size_t>(std::max<int64_t>(1, plan.privacy().max_groups_per_person));
  for (size_t i = 0; i < order.size();) {
    const PersonGroup& first = slot_keys_[order[i]];
    size_t j = i + 1;
    while (j < order.size() && first.anonymous == 0 && slot_keys_[order[j]].anonymous == 0 &&
           slot_keys_[order[j]].person == first.person) {
      ++j;
    }
    // order[i, j) are one person's groups.
    if (j - i <= k) {
      for (size_t t = i; t < j; ++t) add(order[t]);
    } else {
      for (size_t pick : SampleIndices(j - i, k, sampler)) add(order[i + pick]);
    }
    i = j;
  }
  // Groups whose every person was sampled away do not exist (the whole-table group stays).
  if (plan.grouped()) {
    std::vector<ExactGroup> kept;
    for (size_t g = 0; g < n_groups; ++g) {
      if (seen[g]) kept.push_back(std::move(out.groups[g]));
    }
    out.groups = std::move(kept);
  }
  return out;
}

}  // namespace cleanroom::engine

#include "engine/two_phase_aggregate.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "sql/values.h"

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

// Declared bounds in the engine's units: lo rounds up, hi rounds down.
std::pair<int64_t, int64_t> FixedBounds(const MetricBounds& b, ColumnType t) {
  double unit = t == ColumnType::kDecimal ? static_cast<double>(kDecimalScale) : 1.0;
  return {static_cast<int64_t>(std::ceil(b.lo * unit)),
          static_cast<int64_t>(std::floor(b.hi * unit))};
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

uint32_t TwoPhaseAggregate::Slot(const Fingerprint& person, uint32_t group) {
  auto [it, inserted] =
      slots_.try_emplace(PersonGroup{person, group}, static_cast<uint32_t>(slot_keys_.size()));
  if (inserted) {
    slot_keys_.push_back(PersonGroup{person, group});
    rows_.push_back(0);
    partials_.resize(partials_.size() + n_aggs_);
  }
  return it->second;
}

void TwoPhaseAggregate::Add(const std::vector<Fingerprint>& persons,
                            const std::vector<const Vec*>& keys,
                            const std::vector<const Vec*>& args, const std::vector<uint32_t>& sel) {
  for (uint32_t r : sel) {
    uint32_t g = keys.empty() ? 0 : GroupOf(keys, r);
    if (keys.empty() && group_codes_.empty()) {
      group_ids_.emplace("", 0);
      group_codes_.emplace_back();
      group_keys_.emplace_back();
    }
    uint32_t s = Slot(persons[r], g);
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
    uint32_t s = Slot(o.slot_keys_[os].person, remap[o.slot_keys_[os].group]);
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

AggregateTable TwoPhaseAggregate::Finish(int64_t max_rows_per_person,
                                         const UniformFn& uniform) const {
  const sql::Plan& plan = *plan_;
  bool dp = plan.privacy().dp.has_value();
  AggregateTable out;
  out.grouped = plan.grouped();
  out.max_groups_per_person = plan.privacy().max_groups_per_person;
  out.max_rows_per_person = max_rows_per_person;
  std::vector<std::optional<std::pair<int64_t, int64_t>>> bounds(n_aggs_);
  for (size_t a = 0; a < n_aggs_; ++a) {
    const sql::PlanAggregate& pa = plan.aggregates()[a];
    AggregateSpec spec;
    spec.kind = KindOf(pa.fn);
    spec.output_name = pa.text;
    if (pa.arg && pa.fn != sql::AggFn::kCountDistinct) {
      spec.input_type = pa.arg->column_type;
      spec.bounds = pa.bounds;
      if (pa.bounds && (pa.fn == sql::AggFn::kSum || pa.fn == sql::AggFn::kAvg)) {
        bounds[a] = FixedBounds(*pa.bounds, pa.arg->column_type);
      }
    }
    out.aggregates.push_back(spec);
  }
  // Bounding: order the slots by person, sample each person's groups.
  std::vector<uint32_t> order(slot_keys_.size());
  for (uint32_t s = 0; s < order.size(); ++s) order[s] = s;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    int c = std::memcmp(slot_keys_[a].person.data(), slot_keys_[b].person.data(), 32);
    return c != 0 ? c < 0 : slot_keys_[a].group < slot_keys_[b].group;
  });
  size_t n_groups = group_codes_.size();
  if (!plan.grouped() && n_groups == 0) n_groups = 1;  // the empty whole-table group
  out.groups.resize(n_groups);
  for (size_t g = 0; g < n_groups; ++g) {
    out.groups[g].key = g < group_keys_.size() ? group_keys_[g] : std::vector<CellValue>{};
    out.groups[g].aggregates.resize(n_aggs_);
  }
  std::vector<bool> seen(n_groups, false);
  size_t k = static_cast<size_t>(std::max<int64_t>(1, plan.privacy().max_groups_per_person));
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && slot_keys_[order[j]].person == slot_keys_[order[i]].person) ++j;
    // order[i, j) are one person's groups; keep a uniform sample of k of them.
    size_t m = j - i;
    if (m > k) {
      for (size_t t = 0; t < k; ++t) {
        size_t pick = t + static_cast<size_t>(uniform(m - t));
        std::swap(order[i + t], order[i + pick]);
      }
      m = k;
    }
    for (size_t t = i; t < i + m; ++t) {
      uint32_t s = order[t];
      ExactGroup& g = out.groups[slot_keys_[s].group];
      seen[slot_keys_[s].group] = true;
      ++g.distinct_persons;
      for (size_t a = 0; a < n_aggs_; ++a) {
        ExactAggregate& e = g.aggregates[a];
        const Partial& p = partials_[s * n_aggs_ + a];
        switch (out.aggregates[a].kind) {
          case AggregateKind::kCountStar:
            e.count += dp ? std::min(rows_[s], max_rows_per_person) : rows_[s];
            break;
          case AggregateKind::kCountDistinct:
            ++e.count;
            break;
          case AggregateKind::kSum:
          case AggregateKind::kAvg: {
            if (p.count == 0) break;
            int64_t sum = p.sum;
            if (bounds[a]) sum = std::clamp(sum, bounds[a]->first, bounds[a]->second);
            e.sum += sum;
            e.count += dp ? std::min(p.count, max_rows_per_person) : p.count;
            break;
          }
          default:
            if (p.count == 0) break;
            e.min = e.count == 0 ? p.min : std::min(e.min, p.min);
            e.max = e.count == 0 ? p.max : std::max(e.max, p.max);
            e.count += p.count;
        }
      }
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

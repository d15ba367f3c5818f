#include "privacy/exact_release.h"

#include "storage/column_vector.h"

namespace cleanroom {

ReleasedTable ExactRelease(const AggregateTable& table, int64_t k_min) {
  ReleasedTable out;
  out.noise.assign(table.aggregates.size(), std::nullopt);
  for (const ExactGroup& g : table.groups) {
    if (!PassesK(g.distinct_persons, k_min)) {
      ++out.suppressed_groups;
      continue;
    }
    ReleasedGroup r;
    r.key = g.key;
    for (size_t a = 0; a < table.aggregates.size(); ++a) {
      const AggregateSpec& spec = table.aggregates[a];
      const ExactAggregate& e = g.aggregates[a];
      double unit =
          spec.input_type == ColumnType::kDecimal ? static_cast<double>(kDecimalScale) : 1.0;
      switch (spec.kind) {
        case AggregateKind::kCountStar:
        case AggregateKind::kCountDistinct:
          r.values.emplace_back(e.count);
          break;
        case AggregateKind::kSum:
          if (e.count == 0) {
            r.values.emplace_back(std::monostate{});
          } else {
            r.values.emplace_back(static_cast<double>(static_cast<long double>(e.sum) / unit));
          }
          break;
        case AggregateKind::kAvg:
          if (e.count == 0) {
            r.values.emplace_back(std::monostate{});
          } else {
            r.values.emplace_back(
                static_cast<double>(static_cast<long double>(e.sum) / unit / e.count));
          }
          break;
        case AggregateKind::kMin:
        case AggregateKind::kMax: {
          int64_t v = spec.kind == AggregateKind::kMin ? e.min : e.max;
          if (e.count == 0) {
            r.values.emplace_back(std::monostate{});
          } else if (spec.input_type == ColumnType::kDecimal) {
            r.values.emplace_back(static_cast<double>(v) / unit);
          } else {
            r.values.emplace_back(v);
          }
          break;
        }
      }
    }
    out.groups.push_back(std::move(r));
  }
  return out;
}

}  // namespace cleanroom

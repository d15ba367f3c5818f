#include "privacy/dp_release.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "privacy/contribution_bounding.h"
#include "privacy/discrete_laplace.h"
#include "privacy/group_selection.h"

namespace cleanroom {
namespace {

constexpr char kLaplace[] = "discrete_laplace";

// How one aggregate is noised.
struct CellPlan {
  AggregateKind kind = AggregateKind::kCountStar;
  std::optional<DiscreteLaplace> count_noise;  // COUNT(*), COUNT(DISTINCT), AVG's count
  std::optional<DiscreteLaplace> sum_noise;    // SUM, AVG's sum
  FixedBounds bounds;                          // SUM/AVG
};

Result<int64_t> CheckedMul(int64_t a, int64_t b, const std::string& what) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) {
    return MakeError(ErrorCode::kRejected, what +
                                               ": the sensitivity overflows; narrow the bounds or "
                                               "max_groups_per_person");
  }
  return r;
}

Result<DiscreteLaplace> LaplaceFor(int64_t sensitivity, Epsilon eps, int64_t parts) {
  CR_ASSIGN_OR_RETURN(Rational scale, LaplaceScale(sensitivity, eps, parts));
  return DiscreteLaplace::Create(scale);
}

Result<CellPlan> PlanCell(const AggregateSpec& spec, const AggregateTable& table, Epsilon eps,
                          int64_t shares) {
  CellPlan plan;
  plan.kind = spec.kind;
  const int64_t m = table.max_groups_per_person;
  const std::string& name = spec.output_name;
  switch (spec.kind) {
    case AggregateKind::kMin:
    case AggregateKind::kMax:
      return MakeError(ErrorCode::kRejected,
                       "MIN and MAX cannot be released under differential privacy (" + name +
                           "); use COUNT, SUM or AVG, or a room whose policy has \"dp\": "
                           "null");
    case AggregateKind::kCountDistinct: {
      CR_ASSIGN_OR_RETURN(plan.count_noise, LaplaceFor(m, eps, shares));
      return plan;
    }
    case AggregateKind::kCountStar: {
      CR_ASSIGN_OR_RETURN(int64_t d, CheckedMul(m, table.max_rows_per_person, name));
      CR_ASSIGN_OR_RETURN(plan.count_noise, LaplaceFor(d, eps, shares));
      return plan;
    }
    case AggregateKind::kSum:
    case AggregateKind::kAvg: {
      if (!spec.bounds) {
        return MakeError(ErrorCode::kRejected,
                         name + ": SUM and AVG under DP need the metric's bounds in the policy");
      }
      CR_ASSIGN_OR_RETURN(plan.bounds, ToFixedBounds(*spec.bounds, spec.input_type));
      // A sum's sensitivity is at least 1 unit, so bounds [0, 0] still get noise.
      int64_t b = std::max<int64_t>(1, plan.bounds.Sensitivity());
      CR_ASSIGN_OR_RETURN(int64_t d, CheckedMul(m, b, name));
      bool avg = spec.kind == AggregateKind::kAvg;
      CR_ASSIGN_OR_RETURN(plan.sum_noise, LaplaceFor(d, eps, avg ? 2 * shares : shares));
      if (avg) {
        CR_ASSIGN_OR_RETURN(int64_t dc, CheckedMul(m, table.max_rows_per_person, name));
        CR_ASSIGN_OR_RETURN(plan.count_noise, LaplaceFor(dc, eps, 2 * shares));
      }
      return plan;
    }
  }
  return MakeError(ErrorCode::kInternal, "unknown aggregate kind");
}

int64_t ToCount(Int128 v) {
  if (v < 0) return 0;
  if (v > std::numeric_limits<int64_t>::max()) return std::numeric_limits<int64_t>::max();
  return static_cast<int64_t>(v);
}

// One released cell; `min_count` tracks the smallest noisy AVG count for the
// report.
CellValue NoiseCell(const CellPlan& plan, const ExactAggregate& exact, NoiseSource& src,
                    double* min_count) {
  switch (plan.kind) {
    case AggregateKind::kCountStar:
    case AggregateKind::kCountDistinct:
      return ToCount(static_cast<Int128>(exact.count) + plan.count_noise->Sample(src));
    case AggregateKind::kSum: {
      Int128 s = exact.sum + plan.sum_noise->Sample(src);
      return static_cast<double>(s) / static_cast<double>(plan.bounds.unit);
    }
    case AggregateKind::kAvg: {
      Int128 s = exact.sum + plan.sum_noise->Sample(src);
      Int128 c = static_cast<Int128>(exact.count) + plan.count_noise->Sample(src);
      double count = static_cast<double>(std::max<Int128>(1, c));
      *min_count = std::min(*min_count, count);
      double unit = static_cast<double>(plan.bounds.unit);
      double avg = static_cast<double>(s) / unit / count;
      return std::clamp(avg, static_cast<double>(plan.bounds.lo) / unit,
                        static_cast<double>(plan.bounds.hi) / unit);
    }
    case AggregateKind::kMin:
    case AggregateKind::kMax:
      break;
  }
  return std::monostate{};
}

NoiseInfo InfoFor(const CellPlan& plan, double min_avg_count) {
  const DiscreteLaplace& n = plan.sum_noise ? *plan.sum_noise : *plan.count_noise;
  double unit = plan.sum_noise ? static_cast<double>(plan.bounds.unit) : 1.0;
  NoiseInfo info{kLaplace, n.ScaleAsDouble() / unit, n.Ci95HalfWidth() / unit};
  if (plan.kind == AggregateKind::kAvg) {
    // First-order error of S/C at the smallest released count C: (dS + |avg|
    // dC) / C, with |avg| at most the larger |bound|.
    double c = std::isfinite(min_avg_count) ? std::max(1.0, min_avg_count) : 1.0;
    double bound = static_cast<double>(plan.bounds.Sensitivity()) / unit;
    const DiscreteLaplace& cn = *plan.count_noise;
    info.scale = (info.scale + bound * cn.ScaleAsDouble()) / c;
    info.ci95 = (info.ci95 + bound * cn.Ci95HalfWidth()) / c;
  }
  return info;
}

}  // namespace

Result<ReleaseParams> ReleaseParams::Create(Epsilon epsilon, double delta, int64_t k_min) {
  CR_RETURN_IF_ERROR(ValidateDelta(delta));
  if (k_min < 1) {
    return MakeError(ErrorCode::kUsage, "k_min must be >= 1 (got " + std::to_string(k_min) + ")");
  }
  return ReleaseParams(epsilon, delta, k_min);
}

Result<ReleasedTable> ReleaseWithDp(const AggregateTable& table, const ReleaseParams& params,
                                    NoiseSource& noise) {
  if (table.max_groups_per_person < 1 || table.max_rows_per_person < 1) {
    return MakeError(ErrorCode::kInternal,
                     "aggregate table: max_groups_per_person and "
                     "max_rows_per_person must be >= 1");
  }
  if (!table.grouped && table.groups.size() > 1) {
    return MakeError(ErrorCode::kInternal, "aggregate table: an ungrouped table has one row");
  }
  const int64_t shares = static_cast<int64_t>(table.aggregates.size()) + 1;
  std::vector<CellPlan> plans;
  for (const AggregateSpec& spec : table.aggregates) {
    CR_ASSIGN_OR_RETURN(CellPlan p, PlanCell(spec, table, params.epsilon(), shares));
    plans.push_back(std::move(p));
  }
  CR_ASSIGN_OR_RETURN(
      GroupSelection selection,
      GroupSelection::Create(params.epsilon(), shares, params.delta(), params.k_min(),
                             table.max_groups_per_person, table.grouped));

  // An ungrouped query always has its one candidate row, even over no data.
  std::vector<ExactGroup> empty_row;
  const std::vector<ExactGroup>* groups = &table.groups;
  if (!table.grouped && table.groups.empty()) {
    empty_row.push_back(ExactGroup{{}, 0, std::vector<ExactAggregate>(plans.size())});
    groups = &empty_row;
  }

  ReleasedTable out;
  double min_avg_count = std::numeric_limits<double>::infinity();
  for (const ExactGroup& g : *groups) {
    if (g.aggregates.size() != plans.size()) {
      return MakeError(ErrorCode::kInternal, "aggregate table: a group has the wrong arity");
    }
    if (!selection.Keep(g.distinct_persons, noise)) continue;
    ReleasedGroup r{g.key, {}};
    for (size_t i = 0; i < plans.size(); ++i) {
      r.values.push_back(NoiseCell(plans[i], g.aggregates[i], noise, &min_avg_count));
    }
    out.groups.push_back(std::move(r));
  }
  for (const CellPlan& p : plans) out.noise.push_back(InfoFor(p, min_avg_count));
  return out;
}

}  // namespace cleanroom

// The executor: runs a validated Plan over the datasets' TableSources. Scans decrypt only the
// columns the plan reads (projection pushdown); WHERE conjuncts that read one table run in
// that table's scan; the other tables of a join are materialised and hashed on their
// identifier fingerprints and the largest table is streamed through them (inner join: a row
// with a NULL identifier matches nothing; in a one-dataset query such a row still counts, as
// a person of its own); residual WHERE, then the two-phase aggregation
// (engine/two_phase_aggregate.h), the release (exact or DP, injected), and Finish. Scans and
// probes run on `threads` threads, each with its own reader from the opener.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/error.h"
#include "engine/finish.h"
#include "engine/two_phase_aggregate.h"
#include "privacy/aggregate_table.h"
#include "privacy/noise_source.h"
#include "sql/plan.h"
#include "storage/table_source.h"

namespace cleanroom::engine {

// A fresh reader of dataset `name` (called once per thread per table).
using SourceOpener = std::function<Result<std::unique_ptr<TableSource>>(const std::string& name)>;
// Turns the bounded exact aggregates into released values (ExactRelease, or privacy's DP).
using ReleaseFn = std::function<Result<ReleasedTable>(const AggregateTable&)>;

struct ExecOptions {
  int threads = 2;
  NoiseSource* sampler = nullptr;   // under DP, picks each person's groups; null: the CSPRNG
  int64_t max_rows_per_person = 1;  // under DP: rows of one person COUNT(*) counts per group
  size_t batch_rows = 4096;         // joined rows per vectorised batch
};

// Scan, join, filter, aggregate in two phases, bound contributions.
Result<AggregateTable> AggregatePlan(const sql::Plan& plan, const SourceOpener& open,
                                     const ExecOptions& options);

// AggregatePlan, then `release`, then Finish.
Result<QueryResult> ExecutePlan(const sql::Plan& plan, const SourceOpener& open,
                                const ReleaseFn& release, const ExecOptions& options);

// The release for dp == null: ExactRelease with the plan's k_min.
ReleaseFn ExactReleaseFor(const sql::Plan& plan);

}  // namespace cleanroom::engine

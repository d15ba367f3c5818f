#include "engine/memory_table.h"

#include <algorithm>

#include "crypto/sha256.h"
#include "ingest/value_parser.h"
#include "sql/values.h"

namespace cleanroom::engine {
namespace {

class MemoryReader : public TableSource {
 public:
  explicit MemoryReader(std::shared_ptr<const MemoryTable> t) : t_(std::move(t)) {}
  const DatasetSpec& spec() const override { return t_->spec(); }
  uint64_t row_count() const override { return t_->rows(); }
  size_t chunk_count() const override {
    return (t_->rows() + t_->chunk_rows() - 1) / t_->chunk_rows();
  }
  Result<std::vector<ColumnVector>> ReadChunk(size_t chunk,
                                              const std::vector<std::string>& names) override {
    if (chunk >= chunk_count()) {
      return MakeError(ErrorCode::kInternal, "memory table: no chunk " + std::to_string(chunk));
    }
    size_t lo = chunk * t_->chunk_rows();
    size_t hi = std::min(t_->rows(), lo + t_->chunk_rows());
    std::vector<ColumnVector> out;
    for (const std::string& name : names) {
      auto it = std::find_if(t_->columns().begin(), t_->columns().end(),
                             [&](const ColumnVector& c) { return c.name == name; });
      if (it == t_->columns().end()) {
        return MakeError(ErrorCode::kInternal, "memory table: unknown column " + name);
      }
      ColumnVector c;
      c.name = it->name;
      c.type = it->type;
      c.is_identifier = it->is_identifier;
      c.valid.assign(it->valid.begin() + lo, it->valid.begin() + hi);
      if (c.is_identifier) {
        c.fingerprints.assign(it->fingerprints.begin() + lo, it->fingerprints.begin() + hi);
      } else if (c.type == ColumnType::kString) {
        c.strings.assign(it->strings.begin() + lo, it->strings.begin() + hi);
      } else {
        c.ints.assign(it->ints.begin() + lo, it->ints.begin() + hi);
      }
      out.push_back(std::move(c));
    }
    return out;
  }

 private:
  std::shared_ptr<const MemoryTable> t_;
};

// The values prepare accepts, parsed by prepare's own parser (ingest/value_parser.h).
std::optional<int64_t> ParseValue(ColumnType t, const std::string& s) {
  int64_t v = 0;
  std::string_view problem;
  switch (t) {
    case ColumnType::kInt:
      problem = ParseIntValue(s, v);
      break;
    case ColumnType::kDecimal:
      problem = ParseDecimalValue(s, v);
      break;
    case ColumnType::kDate:
      problem = ParseDateValue(s, v);
      break;
    case ColumnType::kBool:
      problem = ParseBoolValue(s, v);
      break;
    default:
      return 0;
  }
  if (!problem.empty()) return std::nullopt;
  return v;
}

}  // namespace

Fingerprint MemoryTable::FingerprintOf(std::string_view identifier) { return Sha256(identifier); }

Result<std::shared_ptr<const MemoryTable>> MemoryTable::FromRows(
    const DatasetSpec& spec, const std::vector<std::vector<Cell>>& rows, size_t chunk_rows) {
  std::shared_ptr<MemoryTable> t(new MemoryTable());
  t->spec_ = spec;
  t->spec_.columns.clear();
  for (const ColumnSpec& c : spec.columns) {
    if (c.role == ColumnRole::kDrop) continue;
    t->spec_.columns.push_back(c);
    ColumnVector v;
    v.name = c.name;
    v.type = c.type;
    v.is_identifier = c.role == ColumnRole::kIdentifier;
    t->columns_.push_back(std::move(v));
  }
  t->rows_ = rows.size();
  t->chunk_rows_ = std::max<size_t>(1, chunk_rows);
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != t->columns_.size()) {
      return MakeError(ErrorCode::kBadInput, "row " + std::to_string(r) + ": expected " +
                                                 std::to_string(t->columns_.size()) + " cells");
    }
    for (size_t c = 0; c < t->columns_.size(); ++c) {
      ColumnVector& col = t->columns_[c];
      const Cell& cell = rows[r][c];
      bool valid = cell.has_value() && !(col.is_identifier && cell->empty());
      col.valid.push_back(valid ? 1 : 0);
      if (col.is_identifier) {
        col.fingerprints.push_back(valid ? FingerprintOf(*cell) : Fingerprint{});
      } else if (col.type == ColumnType::kString) {
        col.strings.push_back(valid ? *cell : std::string());
      } else {
        std::optional<int64_t> v = valid ? ParseValue(col.type, *cell) : std::optional<int64_t>(0);
        if (!v) {
          return MakeError(ErrorCode::kBadInput, "row " + std::to_string(r) + " column " +
                                                     col.name + ": cannot parse '" + *cell + "'");
        }
        col.ints.push_back(*v);
      }
    }
  }
  return std::shared_ptr<const MemoryTable>(std::move(t));
}

std::unique_ptr<TableSource> MemoryTable::Open() const {
  return std::make_unique<MemoryReader>(shared_from_this());
}

}  // namespace cleanroom::engine

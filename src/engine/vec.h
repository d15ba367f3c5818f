// Vec: one column of a batch of rows as the executor evaluates it. A Vec of type kInt,
// kDecimal (fixed point), kDate (days), kBool (0/1) keeps its values in `i`, kString in `s`,
// kDouble in `d`; only the vector of its type is filled. valid[r] == 0 means SQL NULL, and
// then the value slot holds 0 / "". Every Vec of one batch has the batch's row count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sql/ast.h"
#include "storage/column_vector.h"

namespace cleanroom::engine {

using sql::ValueType;

struct Vec {
  ValueType type = ValueType::kNull;
  std::vector<int64_t> i;
  std::vector<double> d;
  std::vector<std::string> s;
  std::vector<uint8_t> valid;

  size_t size() const { return valid.size(); }

  // An all-NULL Vec of `n` rows of type `t`.
  static Vec Make(ValueType t, size_t n) {
    Vec v;
    v.type = t;
    v.valid.assign(n, 0);
    if (t == ValueType::kString) {
      v.s.assign(n, std::string());
    } else if (t == ValueType::kDouble) {
      v.d.assign(n, 0.0);
    } else {
      v.i.assign(n, 0);
    }
    return v;
  }
  // Rows `rows` of `src`, in that order.
  static Vec Gather(const Vec& src, const std::vector<uint32_t>& rows) {
    Vec v;
    v.type = src.type;
    v.valid.resize(rows.size());
    for (size_t k = 0; k < rows.size(); ++k) v.valid[k] = src.valid[rows[k]];
    if (src.type == ValueType::kString) {
      v.s.resize(rows.size());
      for (size_t k = 0; k < rows.size(); ++k) v.s[k] = src.s[rows[k]];
    } else if (src.type == ValueType::kDouble) {
      v.d.resize(rows.size());
      for (size_t k = 0; k < rows.size(); ++k) v.d[k] = src.d[rows[k]];
    } else {
      v.i.resize(rows.size());
      for (size_t k = 0; k < rows.size(); ++k) v.i[k] = src.i[rows[k]];
    }
    return v;
  }
  // Appends row `r` of `src` (same type).
  void AppendFrom(const Vec& src, size_t r) {
    valid.push_back(src.valid[r]);
    if (type == ValueType::kString) {
      s.push_back(src.s[r]);
    } else if (type == ValueType::kDouble) {
      d.push_back(src.d[r]);
    } else {
      i.push_back(src.i[r]);
    }
  }
};

// Takes over the values of a decoded storage column (not its fingerprints).
inline Vec FromColumnVector(ColumnVector&& c) {
  Vec v;
  v.type = sql::ValueTypeOf(c.type);
  v.valid = std::move(c.valid);
  if (c.type == ColumnType::kString) {
    v.s = std::move(c.strings);
    v.s.resize(v.valid.size());
  } else {
    v.i = std::move(c.ints);
    v.i.resize(v.valid.size());
  }
  return v;
}

}  // namespace cleanroom::engine

#include "cli/result_table.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

namespace cleanroom::cli {
namespace {

// A party's bytes never reach the terminal raw: control characters (ESC, CR, LF, ...) are
// written as \xNN, so a dimension value can neither repaint the screen nor forge a row.
std::string Cell(const Json& v) {
  if (v.is_null()) return "NULL";
  if (v.is_string()) return OneLineText(v.get<std::string>());
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v.get<double>());
    return buf;
  }
  return v.dump();
}

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

std::string FormatResultTable(const Json& result) {
  std::ostringstream out;
  std::vector<std::string> header;
  for (const auto& c : result.value("columns", Json::array()))
    header.push_back(OneLineText(c.is_string() ? c.get<std::string>() : c.dump()));
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : result.value("rows", Json::array())) {
    std::vector<std::string> row;
    for (const auto& v : r) row.push_back(Cell(v));
    rows.push_back(std::move(row));
  }
  std::vector<size_t> width(header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    width[i] = header[i].size();
    for (const auto& r : rows) width[i] = std::max(width[i], i < r.size() ? r[i].size() : 0);
  }
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < header.size(); ++i) {
      std::string c = i < cells.size() ? cells[i] : "";
      out << (i ? " | " : "") << c << std::string(width[i] - c.size(), ' ');
    }
    out << "\n";
  };
  line(header);
  for (size_t i = 0; i < header.size(); ++i) out << (i ? "-+-" : "") << std::string(width[i], '-');
  out << "\n";
  for (const auto& r : rows) line(r);
  out << "(" << rows.size() << (rows.size() == 1 ? " row" : " rows") << ")\n";

  const Json& p = result.value("privacy", Json::object());
  const Json noise = p.value("noise", Json::object());
  for (auto it = noise.begin(); it != noise.end(); ++it) {
    out << "noise: " << OneLineText(it.key()) << ": " << OneLineText(it->value("mechanism", ""))
        << ", scale " << Number(it->value("scale", 0.0)) << ", 95% within +/-"
        << Number(it->value("ci95", 0.0)) << "\n";
  }
  if (p.contains("epsilon_remaining") && !p["epsilon_remaining"].is_null()) {
    out << "privacy: k_min " << p.value("k_min", int64_t{0}) << ", epsilon spent "
        << Number(p.value("epsilon_spent", 0.0)) << ", epsilon left "
        << Number(p["epsilon_remaining"].get<double>()) << "\n";
  } else {
    out << "privacy: k_min " << p.value("k_min", int64_t{0})
        << ", no differential privacy in this room's policy (exact answers)\n";
  }
  if (result.value("tee", "") == "simulated") {
    out << "enclave: simulated TEE (protects nothing against the host's operator)\n";
  }
  return out.str();
}

}  // namespace cleanroom::cli

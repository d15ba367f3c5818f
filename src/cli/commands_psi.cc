// `cleanroom psi serve` and `cleanroom psi connect`: private set intersection and private
// intersection-sum between two parties directly, over an authenticated encrypted TCP channel
// (src/psi, docs/psi.md). The connecting side is the PSI receiver; in --reveal sum the side
// with --value-column is the one whose values are summed.
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/command.h"
#include "common/file_io.h"
#include "common/json_util.h"
#include "policy/identity.h"
#include "psi/input.h"
#include "psi/intersection_sum.h"
#include "psi/psi_protocol.h"
#include "psi/secure_channel.h"

namespace cleanroom::cli {
namespace {

using psi::Reveal;

struct PsiArgs {
  std::string address;  // --listen or the positional address
  std::string input, column, normalize = "none", reveal = "intersection";
  std::string identity, peer_key, output, value_column, group = "x25519";
  bool json = false;
  uint64_t k = 0;
  int threads = 2;
  int timeout = 300;
};

Result<Normalizer> ParseNormalizer(const std::string& s) {
  if (s == "email") return Normalizer::kEmail;
  if (s == "phone") return Normalizer::kPhone;
  if (s == "none") return Normalizer::kNone;
  return MakeError(ErrorCode::kUsage, "unknown --normalize '" + s + "' (use email, phone or none)");
}

// "ed25519:<base64>", or a NAME.pub file holding it.
Result<Ed25519PublicKey> LoadPeerKey(const std::string& arg) {
  if (arg.rfind("ed25519:", 0) == 0) return Ed25519PublicKey::FromText(arg);
  CR_ASSIGN_OR_RETURN(std::string text, ReadTextFile(arg));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  auto key = Ed25519PublicKey::FromText(text);
  if (!key.ok()) return MakeError(key.error().code, arg + ": " + key.error().message);
  return key;
}

std::string CsvCell(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

struct Report {
  std::string summary;  // one line
  std::string result;   // what goes to --output or stdout
};

Report MakeReport(const PsiArgs& a, Reveal reveal, const psi::PsiInput& in, uint64_t size,
                  uint64_t peer_count, const std::vector<size_t>* matched,
                  const std::vector<std::string>* pseudonyms, const std::string* sum) {
  std::ostringstream s;
  s << "psi " << psi::RevealName(reveal) << ": intersection size " << size;
  if (sum != nullptr) s << ", sum " << *sum;
  s << " (ours: " << in.raw.size() << " rows, " << in.ids.size() << " distinct ids, " << in.rejected
    << " rejected; peer: " << peer_count << " distinct ids)";
  Report r{s.str(), ""};

  // Rows of ours that matched, in file order, with their pseudonyms.
  std::vector<std::pair<size_t, std::string>> rows;  // (row index, pseudonym)
  if (matched != nullptr) {
    std::vector<int64_t> id_to_match(in.ids.size(), -1);
    for (size_t m = 0; m < matched->size(); ++m)
      id_to_match[(*matched)[m]] = static_cast<int64_t>(m);
    for (size_t row = 0; row < in.raw.size(); ++row) {
      int64_t id = in.row_to_id[row];
      if (id < 0 || id_to_match[id] < 0) continue;
      rows.emplace_back(row, pseudonyms != nullptr ? (*pseudonyms)[id_to_match[id]] : "");
    }
  }
  if (a.json) {
    Json j = Json::object();
    j["reveal"] = psi::RevealName(reveal);
    j["intersection_size"] = size;
    if (sum != nullptr) {
      // An integer when it fits 64 bits, else its decimal string.
      try {
        size_t used = 0;
        long long v = std::stoll(*sum, &used);
        if (used == sum->size())
          j["sum"] = v;
        else
          j["sum"] = *sum;
      } catch (...) {
        j["sum"] = *sum;
      }
    }
    j["rows"] = in.raw.size();
    j["distinct_ids"] = in.ids.size();
    j["rejected"] = in.rejected;
    j["peer_distinct_ids"] = peer_count;
    if (matched != nullptr) {
      Json list = Json::array();
      for (auto& [row, pseudonym] : rows) {
        Json m = {{"row", row + 1}, {a.column, in.raw[row]}};
        if (pseudonyms != nullptr) m["pseudonym"] = pseudonym;
        list.push_back(std::move(m));
      }
      j["matches"] = std::move(list);
    }
    r.result = j.dump() + "\n";
  } else if (matched != nullptr) {
    std::string out =
        "row," + CsvCell(a.column) + (pseudonyms != nullptr ? ",pseudonym" : "") + "\n";
    for (auto& [row, pseudonym] : rows) {
      out += std::to_string(row + 1) + "," + CsvCell(in.raw[row]);
      if (pseudonyms != nullptr) out += "," + pseudonym;
      out += "\n";
    }
    r.result = out;
  } else {
    r.result = r.summary + "\n";
  }
  return r;
}

Status RunPsi(const PsiArgs& a, bool serve) {
  CR_ASSIGN_OR_RETURN(Reveal reveal, psi::ParseReveal(a.reveal));
  CR_ASSIGN_OR_RETURN(psi::Group group, psi::ParseGroup(a.group));
  CR_ASSIGN_OR_RETURN(Normalizer normalizer, ParseNormalizer(a.normalize));
  CR_ASSIGN_OR_RETURN(psi::Endpoint endpoint, psi::ParseEndpoint(a.address));
  if (!a.value_column.empty() && reveal != Reveal::kSum) {
    return MakeError(ErrorCode::kUsage, "--value-column is only for --reveal sum");
  }
  if (a.threads < 1 || a.threads > 64) {
    return MakeError(ErrorCode::kUsage, "--threads must be between 1 and 64");
  }
  CR_ASSIGN_OR_RETURN(Ed25519PublicKey peer_key, LoadPeerKey(a.peer_key));
  CR_ASSIGN_OR_RETURN(Identity me, LoadIdentity(a.identity));
  CR_ASSIGN_OR_RETURN(psi::PsiInput in,
                      psi::LoadPsiInput({a.input, a.column, normalizer, a.value_column}));

  const bool has_values = !a.value_column.empty();
  psi::HelloSettings settings;
  settings.agreed = std::string("reveal=") + psi::RevealName(reveal) +
                    ";group=" + psi::GroupName(group) + ";k=" + std::to_string(a.k);
  settings.flags = has_values ? 1 : 0;
  psi::ChannelOptions copts;
  copts.timeout_seconds = a.timeout;

  psi::Socket sock;
  if (serve) {
    CR_ASSIGN_OR_RETURN(psi::Listener listener, psi::Listener::Listen(endpoint));
    std::cerr << "listening on " << endpoint.host << ":" << listener.port() << std::endl;
    CR_ASSIGN_OR_RETURN(sock, listener.Accept(a.timeout));
  } else {
    CR_ASSIGN_OR_RETURN(sock, psi::Connect(endpoint, std::min(a.timeout, 30)));
  }
  psi::Side side = serve ? psi::Side::kServer : psi::Side::kClient;
  CR_ASSIGN_OR_RETURN(auto ch, psi::SecureChannel::Establish(std::move(sock), side, me.key,
                                                             peer_key, settings, copts));

  Report report;
  if (reveal == Reveal::kSum) {
    bool peer_has_values = (ch->peer_flags() & 1) != 0;
    if (has_values == peer_has_values) {
      return ch->Abort(
          MakeError(ErrorCode::kUsage,
                    std::string("in --reveal sum exactly one party gives --value-column (") +
                        (has_values ? "both did" : "neither did") + ")"));
    }
    psi::SumOptions o{group, a.k, a.threads, 2048};
    if (has_values) {
      CR_ASSIGN_OR_RETURN(psi::SumOutcome r,
                          psi::SumValuesParty::CreateWithNewKey(o).Run(*ch, in.ids, in.values));
      report =
          MakeReport(a, reveal, in, r.intersection_size, r.peer_count, nullptr, nullptr, nullptr);
    } else {
      CR_ASSIGN_OR_RETURN(psi::SumOutcome r,
                          psi::SumIdsParty::CreateWithNewKey(o).Run(*ch, in.ids));
      report =
          MakeReport(a, reveal, in, r.intersection_size, r.peer_count, nullptr, nullptr, &r.sum);
    }
  } else {
    psi::PsiOptions o{group, reveal, a.k, a.threads};
    psi::PsiOutcome r;
    if (serve) {
      CR_ASSIGN_OR_RETURN(r, psi::PsiSender::CreateWithNewKey(o).Run(*ch, in.ids));
    } else {
      CR_ASSIGN_OR_RETURN(r, psi::PsiReceiver::CreateWithNewKey(o).Run(*ch, in.ids));
    }
    bool rows = reveal == Reveal::kCrosswalk || (reveal == Reveal::kIntersection && !serve);
    report =
        MakeReport(a, reveal, in, r.intersection_size, r.peer_count, rows ? &r.matched : nullptr,
                   reveal == Reveal::kCrosswalk ? &r.pseudonyms : nullptr, nullptr);
  }

  if (!a.output.empty()) {
    CR_RETURN_IF_ERROR(WriteFileAtomic(a.output, report.result, 0600));
    std::cout << report.summary << "\n";
  } else {
    std::cout << report.result;
    if (report.result != report.summary + "\n") std::cerr << report.summary << "\n";
  }
  return Ok();
}

void AddCommon(CLI::App* sub, PsiArgs& a) {
  sub->add_option("--input", a.input, "CSV file with a header line")->required();
  sub->add_option("--column", a.column, "The identifier column")->required();
  sub->add_option("--normalize", a.normalize, "email, phone or none (default none)");
  sub->add_option("--reveal", a.reveal,
                  "size, intersection (default), crosswalk or sum; both sides must agree");
  sub->add_option("--identity", a.identity, "Your identity file NAME.id")->required();
  sub->add_option("--peer-key", a.peer_key, "The peer's ed25519:<base64> key or its NAME.pub")
      ->required();
  sub->add_option("--output", a.output, "Write the result here (else to standard output)");
  sub->add_flag("--json", a.json, "Result as JSON");
  sub->add_option("--value-column", a.value_column,
                  "--reveal sum: the integer column of the party whose values are summed");
  sub->add_option("--k", a.k, "Release nothing when the intersection is smaller than this");
  sub->add_option("--group", a.group,
                  "x25519 (default: Curve25519 x-only, hashed onto the curve) or ristretto255 "
                  "(RFC 9496; about twice the CPU): docs/psi.md");
  sub->add_option("--threads", a.threads, "Threads for the group operations (default 2)");
  sub->add_option("--timeout", a.timeout, "Seconds to wait for the peer (default 300)");
}

}  // namespace

void AddPsiCommands(CLI::App& app, CommandTable& table) {
  CLI::App* psi = app.add_subcommand("psi", "Private set intersection with another party");
  psi->require_subcommand(1);

  auto serve_args = std::make_shared<PsiArgs>();
  CLI::App* serve = psi->add_subcommand("serve", "Wait for the peer and run PSI (the sender)");
  serve->add_option("--listen", serve_args->address, "HOST:PORT to listen on")->required();
  AddCommon(serve, *serve_args);
  table.Add(serve, [serve_args] { return RunPsi(*serve_args, true); });

  auto connect_args = std::make_shared<PsiArgs>();
  CLI::App* connect =
      psi->add_subcommand("connect", "Connect to the peer and run PSI (the receiver)");
  connect->add_option("address", connect_args->address, "The peer's HOST:PORT")->required();
  AddCommon(connect, *connect_args);
  table.Add(connect, [connect_args] { return RunPsi(*connect_args, false); });
}

}  // namespace cleanroom::cli

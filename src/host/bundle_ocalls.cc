#include "host/bundle_ocalls.h"

#include "common/file_io.h"
#include "common/json_util.h"
#include "storage/manifest.h"

namespace cleanroom {

Result<std::string> BundleOcalls::BundleDir(const Json& msg) const {
  CR_ASSIGN_OR_RETURN(std::string dataset,
                      JsonReader("OCALL", ErrorCode::kIntegrity).String(msg, "", "dataset"));
  auto it = bundles_.find(dataset);
  if (it == bundles_.end()) {
    return MakeError(ErrorCode::kUsage, "no bundle was given for dataset " + dataset +
                                            " (add --data " + dataset + "=BUNDLE:KEYFILE)");
  }
  return it->second;
}

Result<Bytes> BundleOcalls::Handle(MessageType type, ByteView body) {
  CR_ASSIGN_OR_RETURN(Json msg, ParseJsonObject(AsChars(body), "OCALL", ErrorCode::kIntegrity));
  switch (type) {
    case MessageType::kReadManifest: {
      CR_ASSIGN_OR_RETURN(std::string dir, BundleDir(msg));
      return ReadBinaryFile(dir + "/manifest.json");
    }
    case MessageType::kReadChunk: {
      CR_ASSIGN_OR_RETURN(std::string dir, BundleDir(msg));
      JsonReader rd("read_chunk", ErrorCode::kIntegrity);
      CR_ASSIGN_OR_RETURN(uint64_t chunk, rd.Index(msg, "", "chunk"));
      CR_ASSIGN_OR_RETURN(uint64_t column, rd.Index(msg, "", "column"));
      std::string file = BundleManifest::ChunkFileName(chunk, column);
      auto bytes = ReadBinaryFile(dir + "/" + file);
      if (!bytes.ok()) {
        return MakeError(ErrorCode::kIntegrity, "bundle " + dir + " is missing " + file + " (" +
                                                    bytes.error().message + ")");
      }
      return bytes;
    }
    case MessageType::kBudgetCommit: {
      if (ledger_ == nullptr || accountant_ == nullptr) {
        return MakeError(ErrorCode::kInternal, "budget commit in a room without DP");
      }
      JsonReader rd("budget_commit", ErrorCode::kIntegrity);
      CR_ASSIGN_OR_RETURN(std::string analyst, rd.String(msg, "", "analyst"));
      CR_ASSIGN_OR_RETURN(int64_t micros, rd.Integer(msg, "", "epsilon_micros"));
      CR_ASSIGN_OR_RETURN(double delta, rd.Number(msg, "", "delta"));
      CR_ASSIGN_OR_RETURN(std::string query, rd.String(msg, "", "query_sha256"));
      CR_ASSIGN_OR_RETURN(Epsilon eps, Epsilon::FromMicros(micros));
      QueryCharge charge{eps, delta};
      CR_ASSIGN_OR_RETURN(BudgetStatus status,
                          ledger_->Charge(policy_.room(), analyst, *accountant_, charge, query));
      last_status_ = status;
      Json reply = {{"epsilon_spent_micros", status.epsilon_spent_micros},
                    {"epsilon_remaining_micros", status.epsilon_remaining_micros},
                    {"delta_spent", status.delta_spent},
                    {"delta_remaining", status.delta_remaining}};
      return ToBytes(reply.dump());
    }
    default:
      return MakeError(ErrorCode::kIntegrity, "unknown OCALL");
  }
}

}  // namespace cleanroom

#include "storage/bundle_key.h"

#include "common/base64.h"
#include "common/file_io.h"
#include "common/hex.h"
#include "common/json_util.h"
#include "crypto/csprng.h"
#include "crypto/hkdf.h"

namespace cleanroom {
namespace {

constexpr std::string_view kKeyFormat = "cleanroom-bundle-key/1";

SecretBytes Derive(const BundleKey& key, std::string_view label) {
  Result<SecretBytes> k =
      HkdfSha256(key.data_key.view(), AsBytes(key.bundle_id),
                 AsBytes(std::string("cleanroom/bundle/v1/") + std::string(label)), 32);
  // HKDF fails only for lengths over 8160 bytes.
  return std::move(k).value();
}

}  // namespace

BundleKey BundleKey::Generate(std::string room, std::string dataset) {
  BundleKey k;
  k.room = std::move(room);
  k.dataset = std::move(dataset);
  k.bundle_id = HexEncode(RandomBytes(kBundleIdSize));
  k.data_key = SecretBytes(kDataKeySize);
  RandomBytes(k.data_key.mutable_view());
  return k;
}

Result<BundleKey> BundleKey::FromText(std::string_view text, const std::string& source) {
  CR_ASSIGN_OR_RETURN(Json doc, ParseJson(text, source));
  JsonReader rd(source, ErrorCode::kBadInput);
  if (!doc.is_object()) return rd.Fail("", "expected a bundle key object");
  CR_RETURN_IF_ERROR(rd.OnlyKeys(doc, "", {"format", "room", "dataset", "bundle_id", "data_key"}));
  CR_ASSIGN_OR_RETURN(std::string format, rd.String(doc, "", "format"));
  if (format != kKeyFormat) {
    return rd.Fail("format",
                   "expected \"" + std::string(kKeyFormat) + "\", got \"" + format + "\"");
  }
  BundleKey k;
  CR_ASSIGN_OR_RETURN(k.room, rd.String(doc, "", "room"));
  CR_ASSIGN_OR_RETURN(k.dataset, rd.String(doc, "", "dataset"));
  CR_ASSIGN_OR_RETURN(k.bundle_id, rd.String(doc, "", "bundle_id"));
  Result<Bytes> id = HexDecode(k.bundle_id);
  if (!id.ok() || id->size() != kBundleIdSize || HexEncode(*id) != k.bundle_id) {
    return rd.Fail("bundle_id", "expected 32 lower-case hex characters");
  }
  CR_ASSIGN_OR_RETURN(std::string b64, rd.String(doc, "", "data_key"));
  Result<Bytes> raw = Base64Decode(b64);
  WipeString(b64);
  if (!raw.ok() || raw->size() != kDataKeySize) {
    if (raw.ok()) WipeBytes(*raw);
    return rd.Fail("data_key", "expected the base64 of 32 bytes");
  }
  k.data_key = SecretBytes::CopyOf(*raw);
  WipeBytes(*raw);
  return k;
}

std::string BundleKey::ToText() const {
  Json doc = {{"format", kKeyFormat},
              {"room", room},
              {"dataset", dataset},
              {"bundle_id", bundle_id},
              {"data_key", Base64Encode(data_key.view())}};
  std::string text = doc.dump(2) + "\n";
  std::string& b64 = doc["data_key"].get_ref<std::string&>();
  WipeString(b64);
  return text;
}

Result<BundleKey> LoadBundleKey(const std::string& path) {
  CR_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  Result<BundleKey> key = BundleKey::FromText(text, path);
  WipeString(text);
  return key;
}

Status SaveBundleKey(const std::string& path, const BundleKey& key) {
  std::string text = key.ToText();
  Status st = WriteFileAtomic(path, text, 0600, /*exclusive=*/true);
  WipeString(text);
  return st;
}

BundleSubkeys DeriveBundleSubkeys(const BundleKey& key) {
  return BundleSubkeys{Derive(key, "chunks"), Derive(key, "manifest")};
}

}  // namespace cleanroom

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/file_io.h"
#include "storage/bundle_reader.h"
#include "storage/bundle_writer.h"
#include "storage/chunk_crypto.h"
#include "storage/test_policy.h"
#include "support/process.h"

namespace cleanroom {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;

// Rows of dataset "everything" without its drop column: email, n, amount, day, flag, label.
std::vector<ColumnVector> MakeChunk(uint64_t first_row, uint64_t rows) {
  std::vector<ColumnVector> cols(6);
  const char* names[] = {"email", "n", "amount", "day", "flag", "label"};
  ColumnType types[] = {ColumnType::kString, ColumnType::kInt,  ColumnType::kDecimal,
                        ColumnType::kDate,   ColumnType::kBool, ColumnType::kString};
  for (size_t c = 0; c < 6; ++c) {
    cols[c].name = names[c];
    cols[c].type = types[c];
  }
  cols[0].is_identifier = true;
  for (uint64_t r = first_row; r < first_row + rows; ++r) {
    Fingerprint f{};
    f[0] = static_cast<uint8_t>(r);
    f[31] = static_cast<uint8_t>(r >> 8);
    bool null = r % 5 == 3;
    cols[0].fingerprints.push_back(null ? Fingerprint{} : f);
    for (size_t c = 1; c < 5; ++c) {
      cols[c].ints.push_back(null ? 0 : static_cast<int64_t>(c == 4 ? r % 2 : r * 7 - 3));
    }
    cols[5].strings.push_back(null ? "" : "label" + std::to_string(r % 3));
    for (auto& c : cols) c.valid.push_back(null ? 0 : 1);
  }
  return cols;
}

class BundleTest : public ::testing::Test {
 protected:
  Policy policy_ = testing::TestPolicy();
  ScratchDir dir_;
  std::string bundle_ = dir_ / "b";
  std::string key_ = dir_ / "b.key";

  // Writes 10 rows in chunks of 4 (4 + 4 + 2).
  void WriteBundle(uint64_t rows = 10, uint64_t chunk_rows = 4) {
    auto w = BundleWriter::Create(bundle_, key_, policy_, "everything", rows, chunk_rows);
    ASSERT_TRUE(w.ok()) << w.error().message;
    for (size_t i = 0; i < (*w)->chunk_count(); ++i) {
      Status st = (*w)->WriteChunk(i, MakeChunk(i * chunk_rows, (*w)->rows_in_chunk(i)));
      ASSERT_TRUE(st.ok()) << st.error().message;
    }
    Status st = (*w)->Finish();
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  // The error of opening the bundle and reading every column of every chunk.
  std::string ReadAllError(const Policy& policy) {
    auto r = BundleReader::Open(bundle_, key_, policy);
    if (!r.ok()) return ErrorText(r.error());
    for (size_t i = 0; i < (*r)->chunk_count(); ++i) {
      auto cols = (*r)->ReadChunk(i, {"email", "n", "amount", "day", "flag", "label"});
      if (!cols.ok()) return ErrorText(cols.error());
    }
    return "(ok)";
  }
  std::string ReadAllError() { return ReadAllError(policy_); }

  static std::string ErrorText(const Error& e) {
    return std::string(ErrorCodeName(e.code)) + ": " + e.message;
  }

  std::string Chunk(size_t chunk, size_t column) {
    return bundle_ + "/" + BundleManifest::ChunkFileName(chunk, column);
  }
};

TEST_F(BundleTest, RoundTripReturnsExactlyTheValuesWritten) {
  WriteBundle();
  EXPECT_EQ(testing::ListDir(dir_.path()), (std::vector<std::string>{"b", "b.key"}));
  EXPECT_EQ(testing::ListDir(bundle_), (std::vector<std::string>{"chunks", "manifest.json"}));
  EXPECT_EQ(testing::ListDir(bundle_ + "/chunks").size(), 18u);  // 3 chunks x 6 columns
  EXPECT_EQ(fs::status(key_).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  auto r = BundleReader::Open(bundle_, key_, policy_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->row_count(), 10u);
  EXPECT_EQ((*r)->chunk_count(), 3u);
  EXPECT_EQ((*r)->spec().name, "everything");
  ASSERT_EQ((*r)->spec().columns.size(), 6u);  // "secret" (drop) is not there
  EXPECT_EQ((*r)->spec().columns[0].name, "email");
  for (size_t i = 0; i < 3; ++i) {
    auto cols = (*r)->ReadChunk(i, {"email", "n", "amount", "day", "flag", "label"});
    ASSERT_TRUE(cols.ok()) << cols.error().message;
    std::vector<ColumnVector> want = MakeChunk(i * 4, i < 2 ? 4 : 2);
    ASSERT_EQ(cols->size(), 6u);
    for (size_t c = 0; c < 6; ++c) {
      EXPECT_EQ((*cols)[c].name, want[c].name);
      EXPECT_EQ((*cols)[c].type, want[c].type);
      EXPECT_EQ((*cols)[c].is_identifier, want[c].is_identifier);
      EXPECT_EQ((*cols)[c].valid, want[c].valid);
      EXPECT_EQ((*cols)[c].ints, want[c].ints);
      EXPECT_EQ((*cols)[c].strings, want[c].strings);
      EXPECT_EQ((*cols)[c].fingerprints, want[c].fingerprints);
    }
  }
  // Only the columns asked for, in the order asked.
  auto two = (*r)->ReadChunk(2, {"label", "n"});
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].strings, (std::vector<std::string>{"", "label0"}));  // row 8 is NULL
  EXPECT_EQ((*two)[0].valid, (std::vector<uint8_t>{0, 1}));
  EXPECT_EQ((*two)[1].ints, (std::vector<int64_t>{0, 60}));
  EXPECT_TRUE((*r)->VerifyFiles().ok());
}

TEST_F(BundleTest, ReaderRejectsUnknownColumnsAndChunks) {
  WriteBundle();
  auto r = BundleReader::Open(bundle_, key_, policy_);
  ASSERT_TRUE(r.ok());
  auto bad_column = (*r)->ReadChunk(0, {"secret"});
  ASSERT_FALSE(bad_column.ok());
  EXPECT_EQ(ErrorText(bad_column.error()),
            "internal: dataset everything has no stored column 'secret'");
  auto bad_chunk = (*r)->ReadChunk(3, {"n"});
  ASSERT_FALSE(bad_chunk.ok());
  EXPECT_EQ(ErrorText(bad_chunk.error()),
            "internal: chunk 3 of everything does not exist (it has 3)");
}

TEST_F(BundleTest, EmptyDatasetHasNoChunks) {
  WriteBundle(0, 4);
  auto r = BundleReader::Open(bundle_, key_, policy_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->row_count(), 0u);
  EXPECT_EQ((*r)->chunk_count(), 0u);
}

TEST_F(BundleTest, WriterRefusesToOverwriteAndCleansUpWhenAbandoned) {
  WriteBundle();
  auto again = BundleWriter::Create(bundle_, dir_ / "other.key", policy_, "everything", 1);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(ErrorText(again.error()),
            "io: " + bundle_ + " already exists; remove it or choose another --out");
  auto key_exists = BundleWriter::Create(dir_ / "c", key_, policy_, "everything", 1);
  ASSERT_FALSE(key_exists.ok());
  EXPECT_EQ(ErrorText(key_exists.error()),
            "io: " + key_ + " already exists; remove it or choose another --out");
  {
    auto w = BundleWriter::Create(dir_ / "c", dir_ / "c.key", policy_, "everything", 10, 4);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->WriteChunk(0, MakeChunk(0, 4)).ok());
    EXPECT_EQ(testing::ListDir(dir_.path()).size(), 3u);  // b, b.key, c.tmp-XXXXXX
    Status unfinished = (*w)->Finish();
    ASSERT_FALSE(unfinished.ok());
    EXPECT_EQ(ErrorText(unfinished.error()), "internal: chunk 1 was not written");
  }
  EXPECT_EQ(testing::ListDir(dir_.path()), (std::vector<std::string>{"b", "b.key"}));
}

TEST_F(BundleTest, FlippedByteIsAnIntegrityError) {
  WriteBundle();
  Bytes data = ReadBinaryFile(Chunk(1, 2)).value();
  data[data.size() / 2] ^= 0x01;
  ASSERT_TRUE(WriteFileAtomic(Chunk(1, 2), data).ok());
  EXPECT_EQ(ReadAllError(),
            "integrity: everything/chunks/000001-002.bin (column 'amount', chunk 1 of 3): failed "
            "to authenticate (wrong key, or the chunk was altered, moved or taken from another "
            "bundle)");
  auto r = BundleReader::Open(bundle_, key_, policy_);
  ASSERT_TRUE(r.ok());
  Status files = (*r)->VerifyFiles();
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(ErrorText(files.error()), "integrity: " + bundle_ +
                                          ": chunk file chunks/000001-002.bin differs from the "
                                          "manifest's BLAKE2b-256");
}

TEST_F(BundleTest, SwappedChunksAreAnIntegrityError) {
  WriteBundle();
  fs::rename(Chunk(0, 1), dir_ / "tmp");
  fs::rename(Chunk(1, 1), Chunk(0, 1));
  fs::rename(dir_ / "tmp", Chunk(1, 1));
  EXPECT_EQ(ReadAllError(),
            "integrity: everything/chunks/000000-001.bin (column 'n', chunk 0 of 3): failed to "
            "authenticate (wrong key, or the chunk was altered, moved or taken from another "
            "bundle)");
}

TEST_F(BundleTest, SwappedColumnsOfEqualSizeAreAnIntegrityError) {
  WriteBundle();
  // n and amount are both 8-byte integers: same size, so only the AAD tells them apart.
  fs::rename(Chunk(0, 1), dir_ / "tmp");
  fs::rename(Chunk(0, 2), Chunk(0, 1));
  fs::rename(dir_ / "tmp", Chunk(0, 2));
  EXPECT_EQ(ReadAllError(),
            "integrity: everything/chunks/000000-001.bin (column 'n', chunk 0 of 3): failed to "
            "authenticate (wrong key, or the chunk was altered, moved or taken from another "
            "bundle)");
}

TEST_F(BundleTest, DroppedChunkIsAnIntegrityError) {
  WriteBundle();
  fs::remove(Chunk(2, 5));
  EXPECT_EQ(ReadAllError(),
            "integrity: " + bundle_ + ": chunk file chunks/000002-005.bin is missing");
}

TEST_F(BundleTest, ExtraChunkIsAnIntegrityError) {
  WriteBundle();
  fs::copy_file(Chunk(2, 5), bundle_ + "/chunks/000003-005.bin");
  EXPECT_EQ(ReadAllError(), "integrity: " + bundle_ +
                                ": unexpected file chunks/000003-005.bin (not in the manifest)");
}

TEST_F(BundleTest, WrongKeyIsAnIntegrityError) {
  WriteBundle();
  BundleKey key = LoadBundleKey(key_).value();
  key.data_key.mutable_view()[0] ^= 1;
  auto r = BundleReader::Open(bundle_, key, policy_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ErrorText(r.error()),
            "integrity: manifest.json failed authentication: the key is not this bundle's key, "
            "or the manifest was altered; prepare the bundle again");
}

TEST_F(BundleTest, KeyOfAnotherBundleIsAnIntegrityError) {
  WriteBundle();
  std::string other = dir_ / "o";
  auto w = BundleWriter::Create(other, other + ".key", policy_, "everything", 0);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Finish().ok());
  auto r = BundleReader::Open(bundle_, other + ".key", policy_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(r.error().message,
            "manifest.json failed authentication: the key is not this bundle's key, or the "
            "manifest was altered; prepare the bundle again");
}

TEST_F(BundleTest, EditedManifestIsAnIntegrityError) {
  WriteBundle();
  std::string path = bundle_ + "/manifest.json";
  std::string text = ReadTextFile(path).value();
  // The host shortens the last chunk and the row count consistently: the MAC still catches it.
  Json doc = Json::parse(text);
  doc["row_count"] = 9;
  doc["chunks"][2]["rows"] = 1;
  ASSERT_TRUE(WriteFileAtomic(path, doc.dump()).ok());
  EXPECT_EQ(ReadAllError(),
            "integrity: manifest.json failed authentication: the key is not this bundle's key, "
            "or the manifest was altered; prepare the bundle again");
  // An inconsistent edit is caught before the MAC.
  doc["row_count"] = 11;
  ASSERT_TRUE(WriteFileAtomic(path, doc.dump()).ok());
  EXPECT_EQ(ReadAllError(), "integrity: " + path + ": row_count: the chunks hold 9 rows, not 11");
  doc = Json::parse(text);
  doc["chunks"].erase(2);
  ASSERT_TRUE(WriteFileAtomic(path, doc.dump()).ok());
  EXPECT_EQ(ReadAllError(), "integrity: " + path + ": chunks: holds 2 chunks, 10 rows need 3");
  ASSERT_TRUE(WriteFileAtomic(path, std::string("{not json")).ok());
  EXPECT_EQ(ReadAllError().rfind("integrity: " + path + ":1:", 0), 0u) << ReadAllError();
}

TEST_F(BundleTest, ChunkFromAnotherBundleIsAnIntegrityError) {
  WriteBundle();
  // Same policy, same key (as if the party re-used it): the bundle id in the AAD differs.
  std::string other = dir_ / "o";
  {
    auto w = BundleWriter::Create(other, other + ".key", policy_, "everything", 10, 4);
    ASSERT_TRUE(w.ok());
    for (size_t i = 0; i < 3; ++i)
      ASSERT_TRUE((*w)->WriteChunk(i, MakeChunk(i * 4, (*w)->rows_in_chunk(i))).ok());
    ASSERT_TRUE((*w)->Finish().ok());
  }
  BundleKey key = LoadBundleKey(key_).value();
  BundleManifest m =
      BundleManifest::Parse(ReadTextFile(bundle_ + "/manifest.json").value(), "m").value();
  Bytes foreign = ReadBinaryFile(other + "/" + BundleManifest::ChunkFileName(0, 1)).value();
  auto opened = OpenColumnChunk(DeriveBundleSubkeys(key), m, 0, 1, foreign);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kIntegrity);
}

TEST_F(BundleTest, OtherPolicyIsAnIntegrityError) {
  WriteBundle();
  Json doc = testing::TestPolicyJson();
  doc["privacy"]["k_min"] = 50;
  EXPECT_EQ(ReadAllError(testing::TestPolicy(doc))
                .rfind("integrity: bundle does not belong here: prepared under policy sha256:", 0),
            0u);
}

// Found by fuzz/manifest_fuzz: the manifest's policy hash (or room, dataset, bundle id) was
// quoted as written, so an edited manifest could make the refusal two lines.
TEST_F(BundleTest, ABindingMismatchIsReportedOnOneLine) {
  BundleKey key = BundleKey::Generate(policy_.room(), "everything");
  BundleManifest m;
  m.bundle_id = key.bundle_id;
  m.room = key.room;
  m.dataset = key.dataset;
  m.policy_sha256 = "sha256:ab\ncd";
  Status s = m.CheckBinding(key, policy_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(s.error().message,
            "bundle does not belong here: prepared under policy sha256:ab\\x0acd, the room's "
            "policy is " +
                policy_.hash_text() + "; prepare it again under this policy");
}

TEST_F(BundleTest, MissingManifestIsAnIoError) {
  auto r = BundleReader::Open(dir_ / "nothing", key_, policy_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
}

TEST_F(BundleTest, KeyFileRoundTripsAndRejectsGarbage) {
  BundleKey k = BundleKey::Generate("fall25", "purchases");
  EXPECT_EQ(k.bundle_id.size(), 32u);
  EXPECT_EQ(k.data_key.size(), 32u);
  std::string text = k.ToText();
  auto back = BundleKey::FromText(text, "k.key");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->room, "fall25");
  EXPECT_EQ(back->dataset, "purchases");
  EXPECT_EQ(back->bundle_id, k.bundle_id);
  EXPECT_TRUE(back->data_key.Equals(k.data_key));
  Json doc = Json::parse(text);
  doc["data_key"] = "AAAA";
  auto bad = BundleKey::FromText(doc.dump(), "k.key");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "k.key: data_key: expected the base64 of 32 bytes");
  doc = Json::parse(text);
  doc["format"] = "x";
  bad = BundleKey::FromText(doc.dump(), "k.key");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "k.key: format: expected \"cleanroom-bundle-key/1\", got \"x\"");
}

}  // namespace
}  // namespace cleanroom

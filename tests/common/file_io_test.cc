#include "common/file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

namespace cleanroom {
namespace {

std::string TempDir() {
  char tmpl[] = "/tmp/cr-fileio-XXXXXX";
  return mkdtemp(tmpl);
}

TEST(FileIo, AtomicWriteSetsModeAndLeavesNoTemporary) {
  std::string dir = TempDir();
  std::string path = dir + "/secret";
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("abc"), 0600).ok());
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(*ReadTextFile(path), "abc");
  size_t files = 0;
  for (auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
  std::filesystem::remove_all(dir);
}

TEST(FileIo, ExclusiveRefusesToOverwrite) {
  std::string dir = TempDir();
  std::string path = dir + "/f";
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("one"), 0600, true).ok());
  Status s = WriteFileAtomic(path, std::string_view("two"), 0600, true);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "refusing to overwrite existing file " + path);
  EXPECT_EQ(*ReadTextFile(path), "one");
  std::filesystem::remove_all(dir);
}

TEST(FileIo, MissingFileIsAnIoError) {
  auto r = ReadTextFile("/nonexistent/x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_EQ(r.error().message, "cannot open /nonexistent/x: No such file or directory");
}

}  // namespace
}  // namespace cleanroom

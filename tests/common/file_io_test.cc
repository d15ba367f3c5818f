#include "common/file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

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

TEST(FileIo, OnlyRegularFilesAreReadAndNeverPastTheirLimit) {
  std::string dir = TempDir();
  std::string fifo = dir + "/fifo", link = dir + "/zero", file = dir + "/f";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);  // no writer: a blocking open would hang
  ASSERT_EQ(symlink("/dev/zero", link.c_str()), 0);
  for (const std::string& p : {fifo, link, dir}) {
    Result<Bytes> r = ReadBinaryFile(p);
    ASSERT_FALSE(r.ok()) << p;
    EXPECT_EQ(r.error().code, ErrorCode::kIo);
    EXPECT_EQ(r.error().message, "cannot read " + p + ": not a regular file");
  }
  ASSERT_TRUE(WriteFileAtomic(file, std::string_view("12345")).ok());
  EXPECT_EQ(*ReadTextFile(file, 5), "12345");
  Result<std::string> big = ReadTextFile(file, 4);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().message, "cannot read " + file + ": larger than 4 bytes");
  std::string to_file = dir + "/to-file";
  ASSERT_EQ(symlink(file.c_str(), to_file.c_str()), 0);
  EXPECT_EQ(*ReadTextFile(to_file), "12345");  // a link to a regular file is followed
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cleanroom

#include "enclave/frame.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cleanroom {
namespace {

class FrameTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0); }
  void TearDown() override {
    close(fds_[0]);
    if (fds_[1] >= 0) close(fds_[1]);
  }
  void Raw(const Bytes& b) { ASSERT_EQ(write(fds_[1], b.data(), b.size()), ssize_t(b.size())); }
  int fds_[2] = {-1, -1};
};

TEST_F(FrameTest, RoundTrip) {
  ASSERT_TRUE(WriteFrame(fds_[1], MessageType::kExecute, AsBytes("{\"plan\":1}")).ok());
  ASSERT_TRUE(WriteFrame(fds_[1], MessageType::kShutdown, {}).ok());
  auto a = ReadFrame(fds_[0]);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->type, MessageType::kExecute);
  EXPECT_EQ(AsChars(a->body), "{\"plan\":1}");
  auto b = ReadFrame(fds_[0]);
  EXPECT_EQ(b->type, MessageType::kShutdown);
  EXPECT_TRUE(b->body.empty());
}

TEST_F(FrameTest, OversizedFrameIsRefusedBeforeAllocation) {
  Raw({0x7f, 0xff, 0xff, 0xff, 20});
  auto r = ReadFrame(fds_[0], 1024);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(r.error().message, "frame of 2147483647 bytes exceeds the limit of 1024");
}

TEST_F(FrameTest, MalformedFrames) {
  Raw({0, 0, 0, 1, 99});
  EXPECT_EQ(ReadFrame(fds_[0]).error().message, "unknown message type 99 on the enclave channel");
  Raw({0, 0, 0, 0});
  EXPECT_EQ(ReadFrame(fds_[0]).error().message, "empty frame on the enclave channel");
  Raw({0, 0, 0, 10, 20, 'a'});
  close(fds_[1]);
  fds_[1] = -1;
  auto r = ReadFrame(fds_[0]);
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_EQ(r.error().message, "enclave channel closed in the middle of a frame");
  EXPECT_EQ(ReadFrame(fds_[0]).error().code, ErrorCode::kIo);
}

TEST(FrameError, ErrorsCrossTheBoundaryWithTheirCode) {
  Error e = DecodeError(EncodeError(MakeError(ErrorCode::kPrivacy, "budget exhausted")));
  EXPECT_EQ(e.code, ErrorCode::kPrivacy);
  EXPECT_EQ(e.message, "budget exhausted");
  EXPECT_EQ(DecodeError(AsBytes("nonsense")).code, ErrorCode::kIntegrity);
}

}  // namespace
}  // namespace cleanroom

// TCP for the two-party protocols: one connected stream socket (RAII), listening and
// connecting by "HOST:PORT" ("127.0.0.1:9000", "[::1]:9000", "localhost:9000"), and
// length-prefixed frames with a hard size limit checked before anything is allocated.
// Frame on the wire: 4-byte big-endian length, then that many bytes. Every read has a
// timeout, so a silent peer ends the session with an error rather than hanging it.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/error.h"

namespace cleanroom::psi {

inline constexpr size_t kDefaultMaxFrame = 4 << 20;  // 4 MiB

struct Endpoint {
  std::string host;
  int port = 0;
};
// kUsage naming the address when it is not HOST:PORT with a port in [0, 65535].
Result<Endpoint> ParseEndpoint(std::string_view text);

class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  Socket(Socket&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Socket& operator=(Socket&& o) noexcept;

  bool valid() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  // Send and receive timeout for every later call (0: none).
  void SetTimeoutSeconds(int seconds);

  Status SendAll(ByteView data);
  // kIo "connection closed by peer" on EOF, "timed out waiting for the peer" after the timeout.
  Status RecvAll(std::span<uint8_t> out);

  Status SendFrame(ByteView payload);
  // kBadInput when the announced length exceeds `max_frame`.
  Result<Bytes> RecvFrame(size_t max_frame = kDefaultMaxFrame);

  // Reads whatever is available (at least one byte); kIo at EOF or timeout.
  Status RecvSome(std::span<uint8_t> out);
  // Shuts both directions down so the peer sees EOF at once.
  void Shutdown();
  // Shuts our sending side only (the peer sees EOF; we can still read).
  void ShutdownWrite();

 private:
  int fd_ = -1;
};

class Listener {
 public:
  // Binds and listens; port 0 picks a free port (see port()).
  static Result<Listener> Listen(const Endpoint& at);
  // Waits for one peer, at most `timeout_seconds` (0: forever).
  Result<Socket> Accept(int timeout_seconds);
  int port() const { return port_; }

 private:
  Socket sock_;
  int port_ = 0;
};

// Connects, retrying while the peer is not listening yet, for at most `retry_seconds`.
Result<Socket> Connect(const Endpoint& to, int retry_seconds);

}  // namespace cleanroom::psi

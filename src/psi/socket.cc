#include "psi/socket.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <thread>

namespace cleanroom::psi {
namespace {

Error IoError(const std::string& what, int err) {
  return MakeError(ErrorCode::kIo, what + ": " + std::strerror(err));
}

struct AddrInfo {
  addrinfo* list = nullptr;
  AddrInfo() = default;
  AddrInfo(AddrInfo&& o) noexcept : list(o.list) { o.list = nullptr; }
  AddrInfo(const AddrInfo&) = delete;
  ~AddrInfo() {
    if (list != nullptr) freeaddrinfo(list);
  }
};

Result<AddrInfo> Resolve(const Endpoint& e, bool passive) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = passive ? AI_PASSIVE : 0;
  AddrInfo ai;
  std::string port = std::to_string(e.port);
  int rc = getaddrinfo(e.host.c_str(), port.c_str(), &hints, &ai.list);
  if (rc != 0) {
    return MakeError(ErrorCode::kUsage,
                     "cannot resolve '" + e.host + "': " + std::string(gai_strerror(rc)));
  }
  return ai;
}

void NoDelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

Result<Endpoint> ParseEndpoint(std::string_view text) {
  auto bad = [&] {
    return MakeError(ErrorCode::kUsage,
                     "address '" + std::string(text) + "' is not HOST:PORT (e.g. 127.0.0.1:9000)");
  };
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad();
  Endpoint e;
  std::string_view host = text.substr(0, colon), port = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad();
    host = host.substr(1, host.size() - 2);
  }
  e.host = std::string(host);
  auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), e.port);
  if (port.empty() || ec != std::errc() || p != port.data() + port.size() || e.port < 0 ||
      e.port > 65535) {
    return bad();
  }
  return e;
}

Socket::~Socket() {
  if (fd_ >= 0) close(fd_);
}

Socket& Socket::operator=(Socket&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

void Socket::SetTimeoutSeconds(int seconds) {
  timeval tv{};
  tv.tv_sec = seconds;
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

Status Socket::SendAll(ByteView data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t k = send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (k < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return MakeError(ErrorCode::kIo, "timed out sending to the peer");
      }
      return IoError("sending to the peer failed", errno);
    }
    sent += static_cast<size_t>(k);
  }
  return Ok();
}

Status Socket::RecvAll(std::span<uint8_t> out) {
  size_t got = 0;
  while (got < out.size()) {
    ssize_t k = recv(fd_, out.data() + got, out.size() - got, 0);
    if (k == 0) return MakeError(ErrorCode::kIo, "connection closed by peer");
    if (k < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return MakeError(ErrorCode::kIo, "timed out waiting for the peer");
      }
      if (errno == ECONNRESET) return MakeError(ErrorCode::kIo, "connection closed by peer");
      return IoError("receiving from the peer failed", errno);
    }
    got += static_cast<size_t>(k);
  }
  return Ok();
}

Status Socket::SendFrame(ByteView payload) {
  Bytes header;
  AppendU32BE(header, static_cast<uint32_t>(payload.size()));
  CR_RETURN_IF_ERROR(SendAll(header));
  return SendAll(payload);
}

Result<Bytes> Socket::RecvFrame(size_t max_frame) {
  uint8_t header[4];
  CR_RETURN_IF_ERROR(RecvAll(header));
  uint32_t len = ReadU32BE(header);
  if (len > max_frame) {
    return MakeError(ErrorCode::kBadInput, "frame of " + std::to_string(len) +
                                               " bytes from peer exceeds the limit of " +
                                               std::to_string(max_frame) + " bytes");
  }
  Bytes payload(len);
  CR_RETURN_IF_ERROR(RecvAll(payload));
  return payload;
}

Status Socket::RecvSome(std::span<uint8_t> out) {
  for (;;) {
    ssize_t k = recv(fd_, out.data(), out.size(), 0);
    if (k > 0) return Ok();
    if (k < 0 && errno == EINTR) continue;
    return MakeError(ErrorCode::kIo, "connection closed by peer");
  }
}

void Socket::ShutdownWrite() {
  if (fd_ >= 0) shutdown(fd_, SHUT_WR);
}

void Socket::Shutdown() {
  if (fd_ >= 0) shutdown(fd_, SHUT_RDWR);
}

Result<Listener> Listener::Listen(const Endpoint& at) {
  CR_ASSIGN_OR_RETURN(AddrInfo ai, Resolve(at, true));
  std::string where = at.host + ":" + std::to_string(at.port);
  int last_errno = 0;
  for (addrinfo* a = ai.list; a != nullptr; a = a->ai_next) {
    Socket s(socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol));
    if (!s.valid()) continue;
    int one = 1;
    setsockopt(s.fd(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(s.fd(), a->ai_addr, a->ai_addrlen) != 0 || listen(s.fd(), 1) != 0) {
      last_errno = errno;
      continue;
    }
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    getsockname(s.fd(), reinterpret_cast<sockaddr*>(&ss), &len);
    Listener l;
    l.port_ = ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port)
                                       : ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
    l.sock_ = std::move(s);
    return l;
  }
  return IoError("cannot listen on " + where, last_errno);
}

Result<Socket> Listener::Accept(int timeout_seconds) {
  pollfd p{sock_.fd(), POLLIN, 0};
  int rc;
  do {
    rc = poll(&p, 1, timeout_seconds > 0 ? timeout_seconds * 1000 : -1);
  } while (rc < 0 && errno == EINTR);
  if (rc == 0) {
    return MakeError(ErrorCode::kIo,
                     "no peer connected within " + std::to_string(timeout_seconds) + " s");
  }
  int fd = accept4(sock_.fd(), nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return IoError("accepting the peer failed", errno);
  NoDelay(fd);
  return Socket(fd);
}

Result<Socket> Connect(const Endpoint& to, int retry_seconds) {
  CR_ASSIGN_OR_RETURN(AddrInfo ai, Resolve(to, false));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(retry_seconds);
  int last_errno = 0;
  for (;;) {
    for (addrinfo* a = ai.list; a != nullptr; a = a->ai_next) {
      Socket s(socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol));
      if (!s.valid()) continue;
      if (connect(s.fd(), a->ai_addr, a->ai_addrlen) == 0) {
        NoDelay(s.fd());
        return s;
      }
      last_errno = errno;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return IoError("cannot connect to " + to.host + ":" + std::to_string(to.port), last_errno);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace cleanroom::psi

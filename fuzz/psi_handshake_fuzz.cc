// The first bytes a PSI party reads from whoever connects, before anything is authenticated:
// SecureChannel::Establish as the server (shopgood, expecting newsnow) over a socketpair
// whose other end holds the input and is then closed. It covers the frame reader, the Hello
// decoder (magic, side, keys, settings length), the settings and identity checks, the key
// exchange on the peer's ephemeral key, and the reading of the peer's signature frame
// (which fails: it is sealed under keys from this run's fresh ephemeral key).
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "psi/secure_channel.h"
#include "psi_session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cleanroom;
  using namespace cleanroom::fuzz;
  if (size > (size_t{64} << 10)) return 0;  // fits a socketpair's buffer at once
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) Fail("socketpair", "failed");
  size_t done = 0;
  while (done < size) {
    ssize_t n = send(fds[1], data + done, size - done, MSG_DONTWAIT);
    if (n <= 0) Fail("send", "the input does not fit the socket buffer");
    done += static_cast<size_t>(n);
  }
  shutdown(fds[1], SHUT_WR);
  auto ch = psi::SecureChannel::Establish(psi::Socket(fds[0]), psi::Side::kServer,
                                          PartyKey("shopgood"), PartyKey("newsnow").public_key(),
                                          psi::HelloSettings{kPsiSettings, 0});
  if (!ch.ok()) {
    CheckError("SecureChannel::Establish", ch.error(),
               {ErrorCode::kBadInput, ErrorCode::kIntegrity, ErrorCode::kUsage, ErrorCode::kIo});
  } else {
    Fail("SecureChannel::Establish", "a handshake without the peer's key succeeded");
  }
  close(fds[1]);
  return 0;
}

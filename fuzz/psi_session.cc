#include "psi_session.h"

#include <sys/socket.h>

#include <thread>

#include "fuzz_support.h"

namespace cleanroom::fuzz {

PsiSession& Session() {
  static PsiSession* session = [] {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) Fail("socketpair", "failed");
    psi::HelloSettings settings{kPsiSettings, 0};
    Result<std::unique_ptr<psi::SecureChannel>> server = Error{};
    std::thread t([&] {
      server = psi::SecureChannel::Establish(psi::Socket(fds[0]), psi::Side::kServer,
                                             PartyKey("shopgood"), PartyKey("newsnow").public_key(),
                                             settings);
    });
    auto client =
        psi::SecureChannel::Establish(psi::Socket(fds[1]), psi::Side::kClient, PartyKey("newsnow"),
                                      PartyKey("shopgood").public_key(), settings);
    t.join();
    if (!server.ok()) Fail("PSI session", server.error().message);
    if (!client.ok()) Fail("PSI session", client.error().message);
    return new PsiSession{std::move(server).value(), std::move(client).value()};
  }();
  return *session;
}

}  // namespace cleanroom::fuzz

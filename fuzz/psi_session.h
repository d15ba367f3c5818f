// One authenticated PSI session inside the fuzz process, over a socketpair: the two ends of
// a real SecureChannel handshake (shopgood serves, newsnow connects), made once. The fuzz
// targets send on `peer` and decode on `us`, so what they feed the decoders arrives exactly
// as a peer's messages do: encrypted, framed and authenticated.
#pragma once

#include <memory>

#include "psi/secure_channel.h"

namespace cleanroom::fuzz {

struct PsiSession {
  std::unique_ptr<psi::SecureChannel> us;    // the party under test (server side)
  std::unique_ptr<psi::SecureChannel> peer;  // the fuzzed peer (client side)
};

// The settings both sides agree on in the fuzz session.
inline constexpr const char* kPsiSettings = "psi/1 reveal=intersection group=x25519 k=0";

PsiSession& Session();

}  // namespace cleanroom::fuzz

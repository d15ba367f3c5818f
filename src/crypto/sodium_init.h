// libsodium must be initialised once before use; every crypto entry point calls this.
#pragma once

#include <sodium.h>

#include <cstdlib>

namespace cleanroom {

inline void EnsureSodium() {
  static const bool ok = [] { return sodium_init() >= 0; }();
  if (!ok) std::abort();  // no CSPRNG: nothing safe can be done
}

}  // namespace cleanroom

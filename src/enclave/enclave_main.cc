// cleanroom-enclave: the trusted executor. The host starts it over one socketpair (file
// descriptor 3) and speaks length-prefixed frames to it (DESIGN.md section 4).
// This first version only identifies itself; the frame protocol, attestation, key release
// and execution come with issue 6.
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
    std::puts("cleanroom-enclave 0.1.0");
    return 0;
  }
  std::fputs(
      "error: cleanroom-enclave is started by the cleanroom host over a socketpair, not by hand\n",
      stderr);
  return 2;
}

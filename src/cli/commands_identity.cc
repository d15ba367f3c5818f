// `cleanroom keygen` (a party's identity) and `cleanroom salt` (the room's join salt).
#include <iostream>

#include "cli/command.h"
#include "common/file_io.h"
#include "crypto/csprng.h"
#include "crypto/secret_bytes.h"
#include "policy/identity.h"

namespace cleanroom::cli {
namespace {

struct KeygenArgs {
  std::string name;
  std::string out;
};

Status RunKeygen(const KeygenArgs& a) {
  CR_ASSIGN_OR_RETURN(Identity id, CreateIdentityFiles(a.name, a.out));
  std::cerr << "wrote " << a.out << " (secret, mode 0600) and " << PublicKeyPathFor(a.out) << "\n";
  std::cout << id.key.public_key().ToText() << "\n";
  return Ok();
}

Status RunSalt(const std::string& out) {
  SecretBytes salt(32);
  RandomBytes(salt.mutable_view());
  CR_RETURN_IF_ERROR(WriteFileAtomic(out, salt.view(), 0600, /*exclusive=*/true));
  std::cerr << "wrote " << out
            << " (32 random bytes, mode 0600): share it with the other parties out of band, "
               "never with the host\n";
  return Ok();
}

}  // namespace

void AddIdentityCommands(CLI::App& app, CommandTable& table) {
  auto keygen_args = std::make_shared<KeygenArgs>();
  CLI::App* keygen =
      app.add_subcommand("keygen", "Make a party's Ed25519 identity (NAME.id, NAME.pub)");
  keygen->add_option("--name", keygen_args->name, "Party name as the policy lists it")->required();
  keygen->add_option("--out", keygen_args->out, "Secret identity file to write, e.g. NAME.id")
      ->required();
  table.Add(keygen, [keygen_args] { return RunKeygen(*keygen_args); });

  auto salt_out = std::make_shared<std::string>();
  CLI::App* salt = app.add_subcommand("salt", "Make a room's 32-byte join salt");
  salt->add_option("--out", *salt_out, "File to write, e.g. room.salt")->required();
  table.Add(salt, [salt_out] { return RunSalt(*salt_out); });
}

}  // namespace cleanroom::cli

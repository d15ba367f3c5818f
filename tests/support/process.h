// Test support: run a program (the real `cleanroom` binary) and capture its exit code,
// stdout and stderr, and make scratch directories. For end-to-end tests of the contract.
#pragma once

#include <string>
#include <vector>

namespace cleanroom::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] a path) in `cwd` with `stdin_text` on standard input.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& cwd = ".",
                         const std::string& stdin_text = "");

// A fresh directory under /tmp, removed when the object goes out of scope.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Names of the files in `dir` (not recursive), sorted.
std::vector<std::string> ListDir(const std::string& dir);

}  // namespace cleanroom::testing

// What a hardware-TEE verifier (snp_verifier.h, tdx_verifier.h) checked, in the order it checked
// it: each check's name and its outcome, for the CLI's summary and the "checks" of --json. A
// verifier returns these only when every check it ran passed; the first that fails is the error.
#pragma once

#include <string>
#include <vector>

namespace cleanroom {

inline constexpr const char* kCheckPassed = "passed";
inline constexpr const char* kCheckNotChecked = "not checked";
// A debug report accepted because the caller allowed it.
inline constexpr const char* kCheckAllowed = "allowed";

struct TeeCheck {
  std::string name;     // e.g. "signature", "measurement"
  std::string outcome;  // one of the constants above
};

}  // namespace cleanroom

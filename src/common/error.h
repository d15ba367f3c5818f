// Error values and Result<T>: how every library in cleanroom reports failure.
// An Error carries a code (what kind of failure, which decides the exit code of
// docs/cli.md, "Exit codes") and a one-line message (what was wrong, where, what to do).
// Exceptions never cross a module boundary; Result<T> does.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace cleanroom {

enum class ErrorCode {
  kInternal,   // a bug or an unexpected failure (exit 1)
  kIo,         // a file or socket could not be read or written (exit 1)
  kUsage,      // unknown command or flag, missing argument (exit 2)
  kRejected,   // policy static rules, SQL that does not parse (exit 3)
  kPrivacy,    // refused for privacy at run time: budget, epsilon cap (exit 4)
  kIntegrity,  // bad signature, tampered data, wrong measurement (exit 5)
  kBadInput,   // input data that does not match the schema (exit 6)
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

// The one place where error codes become process exit codes (docs/cli.md, "Exit codes").
int ExitCodeFor(ErrorCode code);
// A stable lower-case name for the code, e.g. "integrity" (used in JSON and logs).
const char* ErrorCodeName(ErrorCode code);

// `text` made safe for a one-line message: every control character (below 0x20, and 0x7f) is
// written as \xNN. For messages that quote what a user or a peer sent (a query, a JSON key, a
// peer's reason), so that they stay on one line and carry no terminal escapes.
std::string OneLineText(std::string_view text);

inline Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

// Holds either a T or an Error. Access to the wrong alternative is a bug (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status Ok() { return Status(); }

}  // namespace cleanroom

#define CR_CONCAT_INNER(a, b) a##b
#define CR_CONCAT(a, b) CR_CONCAT_INNER(a, b)

// Returns the error of `expr` (a Status or Result) from the enclosing function.
#define CR_RETURN_IF_ERROR(expr)                                \
  do {                                                          \
    auto&& cr_status_ = (expr);                                 \
    if (!cr_status_.ok()) return std::move(cr_status_).error(); \
  } while (0)

// `lhs` = the value of the Result `expr`, or returns its error.
#define CR_ASSIGN_OR_RETURN(lhs, expr) \
  CR_ASSIGN_OR_RETURN_IMPL(CR_CONCAT(cr_result_, __LINE__), lhs, expr)
#define CR_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return std::move(tmp).error();  \
  lhs = std::move(tmp).value()

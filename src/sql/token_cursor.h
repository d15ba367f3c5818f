// TokenCursor: the parser's view of the token stream — look ahead, consume, accept or
// expect a keyword or symbol, read a name — and the one form of its syntax errors
// ("line:column: expected X, found Y", kRejected). The token vector always ends with a
// kEnd token (sql/lexer.h), which Peek returns past the end, so lookahead never overruns.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "sql/lexer.h"

namespace cleanroom::sql {

class TokenCursor {
 public:
  explicit TokenCursor(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  const Token& Peek(size_t ahead = 0) const;
  const Token& Next();
  static bool IsWord(const Token& t, const char* keyword);
  static bool IsSymbol(const Token& t, const char* symbol);
  bool AcceptWord(const char* keyword);
  bool AcceptSymbol(const char* symbol);
  // How a token is named in a message: keywords upper-case, names and symbols quoted.
  static std::string Describe(const Token& t);
  // "expected <what>, found <the next token>" at the next token.
  Error Expected(const std::string& what) const;
  Status ExpectWord(const char* keyword);
  Status ExpectSymbol(const char* symbol);
  // A name is a quoted identifier or an unreserved word.
  bool IsName(const Token& t) const;
  // A name: unquoted ones are case-insensitive and kept lower-case; quoted ones exact.
  Result<std::string> Name(const char* what);

 private:
  std::vector<Token> t_;
  size_t i_ = 0;
};

}  // namespace cleanroom::sql

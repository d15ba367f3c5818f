// Lexer for the SQL of docs/sql.md: turns query text into tokens with their line:column.
// Comments (-- to end of line, /* ... */) and whitespace are skipped, so a comment can never
// hide anything from the parser: what follows it is lexed like any other text. Keywords are
// not distinguished here; the parser compares identifiers case-insensitively.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/ast.h"

namespace cleanroom::sql {

enum class TokenKind : uint8_t {
  kWord,    // unquoted identifier or keyword, as written
  kQuoted,  // "quoted identifier", unescaped
  kString,  // 'string literal', unescaped
  kNumber,  // 12 or 12.50 (text kept; the parser converts)
  kSymbol,  // ( ) , . * + - / = <> != < <= > >= ;
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  SourcePos pos;
};

// The tokens of `text`, ending with one kEnd token. kRejected "line:column: ..." for text that
// is not UTF-8, an unterminated string, quoted identifier or comment, or a character outside
// the SQL.
Result<std::vector<Token>> Lex(std::string_view text);

// Makes the kRejected error of a parse failure: "line:column: message".
Error SyntaxError(SourcePos pos, const std::string& message);

}  // namespace cleanroom::sql

#include "sql/token_cursor.h"

#include <algorithm>
#include <cctype>

#include "sql/keywords.h"

namespace cleanroom::sql {

const Token& TokenCursor::Peek(size_t ahead) const {
  return t_[std::min(i_ + ahead, t_.size() - 1)];
}

const Token& TokenCursor::Next() {
  const Token& t = t_[i_];
  if (i_ + 1 < t_.size()) ++i_;
  return t;
}

bool TokenCursor::IsWord(const Token& t, const char* keyword) {
  return t.kind == TokenKind::kWord && Upper(t.text) == keyword;
}

bool TokenCursor::IsSymbol(const Token& t, const char* symbol) {
  return t.kind == TokenKind::kSymbol && t.text == symbol;
}

bool TokenCursor::AcceptWord(const char* keyword) {
  if (!IsWord(Peek(), keyword)) return false;
  Next();
  return true;
}

bool TokenCursor::AcceptSymbol(const char* symbol) {
  if (!IsSymbol(Peek(), symbol)) return false;
  Next();
  return true;
}

std::string TokenCursor::Describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEnd:
      return "the end of the query";
    case TokenKind::kString:
      return "the string '" + t.text + "'";
    case TokenKind::kQuoted:
      return "\"" + t.text + "\"";
    case TokenKind::kWord:
      return Reserved().count(Upper(t.text)) ? Upper(t.text) : "'" + t.text + "'";
    default:
      return "'" + t.text + "'";
  }
}

Error TokenCursor::Expected(const std::string& what) const {
  return SyntaxError(Peek().pos, "expected " + what + ", found " + Describe(Peek()));
}

Status TokenCursor::ExpectWord(const char* keyword) {
  if (!AcceptWord(keyword)) return Expected(keyword);
  return Ok();
}

Status TokenCursor::ExpectSymbol(const char* symbol) {
  if (!AcceptSymbol(symbol)) return Expected(std::string("'") + symbol + "'");
  return Ok();
}

bool TokenCursor::IsName(const Token& t) const {
  return t.kind == TokenKind::kQuoted ||
         (t.kind == TokenKind::kWord && !Reserved().count(Upper(t.text)));
}

Result<std::string> TokenCursor::Name(const char* what) {
  const Token& t = Peek();
  if (!IsName(t)) return Expected(what);
  Next();
  if (t.kind == TokenKind::kQuoted) return t.text;
  std::string lower = t.text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

}  // namespace cleanroom::sql

#include "sql/lexer.h"

#include <cctype>

namespace cleanroom::sql {

Error SyntaxError(SourcePos pos, const std::string& message) {
  return MakeError(ErrorCode::kRejected, OneLine(PosText(pos) + ": " + message));
}

std::string OneLine(std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

namespace {

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0.
size_t Utf8Length(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  unsigned char c = at(0);
  auto cont = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xbf) {
    return at(k) >= lo && at(k) <= hi;
  };
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c == 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c == 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

bool IsWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  Result<std::vector<Token>> Run() {
    // Strings and names reach the plan's JSON, which holds UTF-8 only.
    for (size_t k = 0; k < s_.size();) {
      size_t n = Utf8Length(s_, k);
      if (n == 0) {
        while (i_ < k) Advance();
        return SyntaxError(Pos(), "the query is not valid UTF-8 text");
      }
      k += n;
    }
    std::vector<Token> out;
    while (true) {
      CR_RETURN_IF_ERROR(SkipSpaceAndComments());
      SourcePos pos = Pos();
      if (i_ >= s_.size()) {
        out.push_back(Token{TokenKind::kEnd, "", pos});
        return out;
      }
      char c = s_[i_];
      if (IsWordStart(c)) {
        size_t start = i_;
        while (i_ < s_.size() && IsWordChar(s_[i_])) Advance();
        out.push_back(Token{TokenKind::kWord, std::string(s_.substr(start, i_ - start)), pos});
      } else if (IsDigit(c) || (c == '.' && i_ + 1 < s_.size() && IsDigit(s_[i_ + 1]))) {
        size_t start = i_;
        while (i_ < s_.size() && IsDigit(s_[i_])) Advance();
        if (i_ < s_.size() && s_[i_] == '.') {
          Advance();
          while (i_ < s_.size() && IsDigit(s_[i_])) Advance();
        }
        if (i_ < s_.size() && (IsWordChar(s_[i_]) || s_[i_] == '.')) {
          return SyntaxError(Pos(), "malformed number (exponents and hex are not supported)");
        }
        out.push_back(Token{TokenKind::kNumber, std::string(s_.substr(start, i_ - start)), pos});
      } else if (c == '\'' || c == '"') {
        CR_ASSIGN_OR_RETURN(std::string body, Quoted(c));
        out.push_back(Token{c == '\'' ? TokenKind::kString : TokenKind::kQuoted, body, pos});
      } else {
        std::string sym(1, c);
        if (i_ + 1 < s_.size()) {
          std::string two = std::string(s_.substr(i_, 2));
          if (two == "<>" || two == "!=" || two == "<=" || two == ">=") sym = two;
        }
        if (sym.size() == 1 && std::string_view("(),.*+-/=<>;").find(c) == std::string::npos) {
          if (c == '`' || c == '[') {
            return SyntaxError(pos,
                               "quote identifiers with \" (backticks and brackets are not SQL)");
          }
          return SyntaxError(pos, std::string("unexpected character '") + c + "'");
        }
        for (size_t k = 0; k < sym.size(); ++k) Advance();
        out.push_back(Token{TokenKind::kSymbol, sym, pos});
      }
    }
  }

 private:
  SourcePos Pos() const { return SourcePos{line_, col_}; }
  void Advance() {
    if (s_[i_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    ++i_;
  }

  Status SkipSpaceAndComments() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        Advance();
      } else if (c == '-' && i_ + 1 < s_.size() && s_[i_ + 1] == '-') {
        while (i_ < s_.size() && s_[i_] != '\n') Advance();
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*') {
        SourcePos start = Pos();
        Advance();
        Advance();
        while (i_ + 1 < s_.size() && !(s_[i_] == '*' && s_[i_ + 1] == '/')) Advance();
        if (i_ + 1 >= s_.size()) return SyntaxError(start, "unterminated comment /* ... */");
        Advance();
        Advance();
      } else {
        break;
      }
    }
    return Ok();
  }

  // A '...' or "..." token; the quote is doubled to escape it.
  Result<std::string> Quoted(char q) {
    SourcePos start = Pos();
    Advance();
    std::string body;
    while (true) {
      if (i_ >= s_.size()) {
        return SyntaxError(
            start, q == '\'' ? "unterminated string literal" : "unterminated quoted identifier");
      }
      if (s_[i_] == q) {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == q) {
          body.push_back(q);
          Advance();
          Advance();
          continue;
        }
        Advance();
        return body;
      }
      body.push_back(s_[i_]);
      Advance();
    }
  }

  std::string_view s_;
  size_t i_ = 0;
  int line_ = 1;
  int col_ = 1;
};

}  // namespace

Result<std::vector<Token>> Lex(std::string_view text) { return Lexer(text).Run(); }

}  // namespace cleanroom::sql

#include "sql/lexer.h"

#include <cctype>

#include "common/utf8.h"

namespace cleanroom::sql {

Error SyntaxError(SourcePos pos, const std::string& message) {
  return MakeError(ErrorCode::kRejected, OneLineText(PosText(pos) + ": " + message));
}

namespace {

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
    if (size_t bad = 0; !IsValidUtf8(s_, &bad)) {
      while (i_ < bad) Advance();
      return SyntaxError(Pos(), "the query is not valid UTF-8 text");
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

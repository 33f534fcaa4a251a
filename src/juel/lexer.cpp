#include "dpc/juel/lexer.h"

#include <cctype>

namespace dpc::juel {
namespace {

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool ident_part(char c) { return ident_start(c) || std::isdigit(static_cast<unsigned char>(c)); }
bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

Error lex_error(std::string msg, std::size_t at) {
  return Error::invalid(msg + " at position " + std::to_string(at + 1));
}

}  // namespace

Result<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= s.size()) break;
    const std::size_t start = i;
    const char c = s[i];
    if (ident_start(c)) {
      while (i < s.size() && ident_part(s[i])) ++i;
      out.push_back({TokenKind::kIdentifier, std::string(s.substr(start, i - start)), start});
      continue;
    }
    if (digit(c) || (c == '.' && i + 1 < s.size() && digit(s[i + 1]))) {
      bool is_double = false;
      while (i < s.size() && digit(s[i])) ++i;
      if (i < s.size() && s[i] == '.' && !(i + 1 < s.size() && ident_start(s[i + 1]))) {
        is_double = true;
        ++i;
        while (i < s.size() && digit(s[i])) ++i;
      }
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
        if (j < s.size() && digit(s[j])) {
          is_double = true;
          i = j;
          while (i < s.size() && digit(s[i])) ++i;
        }
      }
      out.push_back({is_double ? TokenKind::kDouble : TokenKind::kLong, std::string(s.substr(start, i - start)), start});
      continue;
    }
    if (c == '\'' || c == '"') {
      std::string text;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == c || s[i + 1] == '\\')) {
          text += s[i + 1];
          i += 2;
        } else if (s[i] == c) {
          closed = true;
          ++i;
          break;
        } else {
          text += s[i++];
        }
      }
      if (!closed) return lex_error("Unterminated string literal", start);
      out.push_back({TokenKind::kString, std::move(text), start});
      continue;
    }
    static const char* kTwo[] = {"==", "!=", "<=", ">=", "&&", "||"};
    bool matched = false;
    for (const char* op : kTwo) {
      if (s.substr(i, 2) == op) {
        out.push_back({TokenKind::kOperator, op, start});
        i += 2;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (std::string_view(".[](),?:+-*/%<>!").find(c) != std::string_view::npos) {
      out.push_back({TokenKind::kOperator, std::string(1, c), start});
      ++i;
      continue;
    }
    return lex_error(std::string("Unexpected character '") + c + "'", start);
  }
  out.push_back({TokenKind::kEnd, "", s.size()});
  return out;
}

}  // namespace dpc::juel

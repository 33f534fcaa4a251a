// Lexer: splits FEEL source into tokens. Names are single identifier words; the parser
// joins words (and symbols) into multi-word names it knows. Stateless apart from the
// source view, which must outlive the lexer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dpc::feel {

enum class TokenKind { kNumber, kString, kName, kPunct, kEnd, kError };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // decoded string content, number text, name, or punctuation
  size_t pos = 0;
  size_t end = 0;
};

// Tokenizes the whole source. On a lexical error the last token has kind kError and its
// text holds the message.
std::vector<Token> tokenize(std::string_view src);
bool is_name_start(unsigned char c);
bool is_name_part(unsigned char c);

}  // namespace dpc::feel

// Lexer for the expression language inside `${...}` / `#{...}` (Unified EL 2.2 as JUEL reads it).
// Contract: tokenize() turns the text between the braces into tokens, or returns an error with
// the offset of the offending character. Pure function, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/core/result.h"

namespace dpc::juel {

enum class TokenKind {
  kIdentifier,  // also keywords (and, or, not, eq, ne, lt, gt, le, ge, div, mod, empty, true,
                // false, null, instanceof): the parser decides
  kLong,
  kDouble,
  kString,      // text is the unescaped content
  kOperator,    // . [ ] ( ) , ? : + - * / % == != < > <= >= && || !
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  std::size_t offset = 0;  // position within the expression body
};

Result<std::vector<Token>> tokenize(std::string_view body);

}  // namespace dpc::juel

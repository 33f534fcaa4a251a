// Parser: FEEL source text to an AST. Stateless between calls; each call is independent
// and thread-safe. Errors are values: a position (byte offset) and a message.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/feel/ast.h"

namespace dpc::feel {

struct Diagnostic {
  size_t pos = 0;
  std::string message;
};

struct ParseResult {
  NodePtr node;                      // set on success
  std::optional<Diagnostic> error;   // set on failure
};

// `known_names` lists names in scope that may contain spaces or symbols ("Monthly Income",
// "Date-Time"); the parser matches them greedily. Built-in function names are always known.
ParseResult parse_expression(std::string_view src, const std::vector<std::string>& known_names = {});
// Parses the unary-tests language of decision table input entries (`-`, `< 5`, `[1..2]`,
// `not("a", "b")`, `? > 3`, plain expressions).
ParseResult parse_unary_tests(std::string_view src, const std::vector<std::string>& known_names = {});
// Parses a type as written in a DMN typeRef or after `instance of`.
std::optional<TypeSpec> parse_type(std::string_view src);

}  // namespace dpc::feel

// Parser for one expression body (the text between `${` and `}`) into an AST.
// Contract: returns the tree or an error naming the position and what was expected.
// Function names are checked against the built-in table at parse time, as JUEL binds
// functions when it compiles, so `${foo()}` fails at deploy time. Pure, thread-safe.
#pragma once

#include <string_view>

#include "dpc/core/result.h"
#include "dpc/juel/ast.h"

namespace dpc::juel {

Result<NodePtr> parse_body(std::string_view body);

}  // namespace dpc::juel

// The syntax tree of one `${...}` body. Built once by the parser, immutable afterwards, shared
// by every evaluation (thread-safe to read).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "dpc/juel/value.h"

namespace dpc::juel {

enum class NodeKind {
  kLiteral,     // value
  kIdentifier,  // name: a variable (or `execution`, `task`, ... resolved by the context)
  kMember,      // children[0] = base, children[1] = key: `a.b` (key is a string literal) or `a[k]`
  kFunction,    // name(children...): a built-in function (now, dateTime, currentUser, ...)
  kMethod,      // children[0].name(children[1..])
  kUnary,       // op in {"-", "!", "empty"}, children[0]
  kBinary,      // op in {"+","-","*","/","%","==","!=","<",">","<=",">=","&&","||"}
  kTernary,     // children[0] ? children[1] : children[2]
};

struct Node {
  NodeKind kind = NodeKind::kLiteral;
  std::string name;  // identifier, function or method name; operator for unary/binary
  Value value;       // literal value
  std::vector<std::unique_ptr<const Node>> children;
  std::size_t offset = 0;  // position in the expression body, for messages
};

using NodePtr = std::unique_ptr<const Node>;

}  // namespace dpc::juel

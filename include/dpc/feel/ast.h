// The FEEL abstract syntax tree. Built once by the Parser, immutable afterwards and shared
// (by shared_ptr) between expressions and the function values they create; safe to
// evaluate from many threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dpc/feel/value.h"

namespace dpc::feel {

enum class NodeKind {
  kLiteral, kName, kInputRef, kPath, kFilter, kCall, kNegate, kArith, kAnd, kOr, kCompare,
  kBetween, kIn, kInstanceOf, kIf, kFor, kQuantified, kList, kContext, kRange, kFunctionDef,
  kTestCompare,  // `< e`, `>= e`... against the input value
  kTestRange,    // an interval test `[a..b]`
  kTestExpr,     // a plain expression used as a test (may refer to `?`)
  kTestNot,      // not(tests)
  kTestAny,      // `-`
  kTests,        // disjunction of positive tests
};

enum class Op { kNone, kAdd, kSub, kMul, kDiv, kPow, kEq, kNe, kLt, kLe, kGt, kGe, kSome, kEvery };

// A type as written in `instance of`, function parameters and DMN typeRefs.
struct TypeSpec {
  std::string name;  // "number", "list", "context", "range", "function", "Any", or a named type
  std::vector<TypeSpec> args;                              // list<T>, range<T>, function<A..>
  std::vector<std::pair<std::string, TypeSpec>> fields;    // context<k: T>
  std::shared_ptr<TypeSpec> result;                        // function<..> -> R
};

struct Node {
  NodeKind kind = NodeKind::kLiteral;
  Op op = Op::kNone;
  size_t pos = 0;  // offset in the source text, for messages
  Value literal;
  std::string name;
  std::vector<std::shared_ptr<const Node>> kids;
  std::vector<std::string> names;  // context keys, iteration variables, parameters, argument names
  std::vector<TypeSpec> types;     // parameter types (name empty = any), instance-of type
  bool low_closed = true, high_closed = true;
  bool flag = false;  // kFunctionDef: external; kCall: named arguments
};
using NodePtr = std::shared_ptr<const Node>;

}  // namespace dpc::feel

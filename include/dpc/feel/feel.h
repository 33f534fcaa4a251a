// Public entry point of the FEEL module.
//
// Expression / UnaryTests are compiled once (parse to an immutable AST) and evaluated many
// times; a compiled object is immutable and safe to evaluate from many threads at once.
// Compile errors are values (dpc::Error whose message starts with "at <offset>: ").
// Evaluation never throws on bad data: a FEEL error yields null plus a warning message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/feel/ast.h"
#include "dpc/feel/value.h"

namespace dpc::feel {

struct Evaluation {
  Value value;
  std::vector<std::string> warnings;
};

class Expression {
 public:
  // `names` lists variables in scope whose names contain spaces or symbols.
  static Result<Expression> compile(std::string_view source, const std::vector<std::string>& names = {});
  Evaluation evaluate(const Context& variables) const;
  Value evaluate(const Context& variables, std::vector<std::string>& warnings) const;
  const std::string& source() const { return source_; }
  const NodePtr& ast() const { return root_; }

 private:
  std::string source_;
  NodePtr root_;
};

class UnaryTests {
 public:
  static Result<UnaryTests> compile(std::string_view source, const std::vector<std::string>& names = {});
  // true, false or null (when the tests cannot be decided for this input).
  Value test(const Value& input, const Context& variables, std::vector<std::string>& warnings) const;
  const NodePtr& ast() const { return root_; }

 private:
  std::string source_;
  NodePtr root_;
};

}  // namespace dpc::feel

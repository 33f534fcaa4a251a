// Evaluator: walks an AST. Evaluation never throws for bad data: a FEEL error becomes null
// and a warning in the EvalContext. An EvalContext belongs to one evaluation on one thread;
// ASTs and Values are shared read-only.
#pragma once

#include <string>
#include <vector>

#include "dpc/feel/ast.h"
#include "dpc/feel/value.h"

namespace dpc::feel {

// A chain of variable frames: either a whole context or one binding.
struct Scope {
  const Scope* parent = nullptr;
  const Context* vars = nullptr;
  const std::string* name = nullptr;
  const Value* value = nullptr;
  const Value* lookup(std::string_view n) const;
  // Copies every visible binding (innermost wins) into one context, for closures.
  Context flatten() const;
};

// Answers `instance of` for type names FEEL does not know (a DMN model's item definitions).
class TypeResolver {
 public:
  virtual ~TypeResolver() = default;
  // nullopt when `name` is not a type this resolver knows.
  virtual std::optional<bool> is_instance(const Value& v, const std::string& name) const = 0;
};

class EvalContext {
 public:
  const TypeResolver* types = nullptr;  // not owned; may be null
  std::vector<std::string> warnings;
  void warn(std::string message) { if (warnings.size() < 50) warnings.push_back(std::move(message)); }
  // Calls a function value with positional arguments; null and a warning if not callable.
  Value call(const Value& fn, std::vector<Value> args);
  int depth = 0;  // recursion guard
};

Value evaluate(const Node& n, const Scope& scope, EvalContext& ctx);
// Applies unary tests (kTests, kTestNot, kTestAny, ...) to `input`: true, false or null.
Value evaluate_test(const Node& n, const Value& input, const Scope& scope, EvalContext& ctx);
// Invokes `f`; `names` empty for positional arguments, else one name per argument.
Value invoke(const Function& f, std::vector<Value> args, const std::vector<std::string>& names, EvalContext& ctx);

// `instance of`: strict (null is an instance of nothing but Null/Any).
// Named types other than FEEL's are looked up in `types` (when given); unknown names are false.
bool instance_of(const Value& v, const TypeSpec& t, const TypeResolver* types = nullptr);
bool in_range(const Value& v, const Range& r, EvalContext& ctx, bool& null_result);

}  // namespace dpc::feel

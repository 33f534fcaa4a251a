// Expression and UnaryTests: compile once, evaluate many times.
#include "dpc/feel/feel.h"

#include "dpc/feel/evaluator.h"
#include "dpc/feel/parser.h"

namespace dpc::feel {

namespace {
Error compile_error(const Diagnostic& d) {
  return Error::invalid("at " + std::to_string(d.pos) + ": " + d.message, "FeelSyntaxException");
}
}  // namespace

Result<Expression> Expression::compile(std::string_view source, const std::vector<std::string>& names) {
  ParseResult r = parse_expression(source, names);
  if (r.error) return compile_error(*r.error);
  Expression e;
  e.source_ = std::string(source);
  e.root_ = r.node;
  return e;
}

Value Expression::evaluate(const Context& variables, std::vector<std::string>& warnings) const {
  EvalContext ctx;
  Scope scope{nullptr, &variables, nullptr, nullptr};
  Value v = feel::evaluate(*root_, scope, ctx);
  warnings.insert(warnings.end(), ctx.warnings.begin(), ctx.warnings.end());
  return v;
}

Evaluation Expression::evaluate(const Context& variables) const {
  Evaluation out;
  out.value = evaluate(variables, out.warnings);
  return out;
}

Result<UnaryTests> UnaryTests::compile(std::string_view source, const std::vector<std::string>& names) {
  ParseResult r = parse_unary_tests(source, names);
  if (r.error) return compile_error(*r.error);
  UnaryTests t;
  t.source_ = std::string(source);
  t.root_ = r.node;
  return t;
}

Value UnaryTests::test(const Value& input, const Context& variables, std::vector<std::string>& warnings) const {
  EvalContext ctx;
  Scope scope{nullptr, &variables, nullptr, nullptr};
  Value v = evaluate_test(*root_, input, scope, ctx);
  warnings.insert(warnings.end(), ctx.warnings.begin(), ctx.warnings.end());
  return v;
}

}  // namespace dpc::feel

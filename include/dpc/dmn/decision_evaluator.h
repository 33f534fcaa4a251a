// Evaluates decisions, BKMs and decision services of a parsed Model. The evaluator holds
// only the immutable model; every call creates its own evaluation state, so one evaluator
// may be used from many threads. Errors never throw: the result is null with warnings.
#pragma once

#include <memory>
#include <string>

#include "dpc/dmn/model.h"
#include "dpc/feel/evaluator.h"

namespace dpc::dmn {

class DecisionEvaluator {
 public:
  explicit DecisionEvaluator(std::shared_ptr<const Model> model) : model_(std::move(model)) {}
  // Evaluates one decision (by name or id) and, once each, the decisions it requires.
  // `inputs` maps input data (and optionally decision) names to values.
  feel::Evaluation evaluate_decision(const std::string& name, const feel::Context& inputs) const;
  // Invokes a BKM or decision service by name with named arguments.
  feel::Evaluation invoke(const std::string& name, const feel::Context& args) const;

 private:
  std::shared_ptr<const Model> model_;
};

// Evaluates one boxed expression in `scope` (used by the evaluator and by tests).
feel::Value evaluate_boxed(const BoxedExpression& b, const feel::Scope& scope, feel::EvalContext& ctx);
feel::Value evaluate_decision_table(const DecisionTable& t, const feel::Scope& scope, feel::EvalContext& ctx);
feel::Value evaluate_text(const CompiledText& t, const feel::Scope& scope, feel::EvalContext& ctx);

}  // namespace dpc::dmn

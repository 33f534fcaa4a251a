// Evaluating a deployed decision over process (or REST) variables, with Camunda 7's result
// shape: a list of rule results, each an ordered map of output name → typed value; and the
// business rule task's mapDecisionResult modes. Pure functions, thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"
#include "dpc/engine/decision_definition.h"

namespace dpc::engine {

using DecisionRuleResult = std::vector<std::pair<std::string, TypedValue>>;  // output order
using DecisionResult = std::vector<DecisionRuleResult>;

// Evaluates the decision (and the decisions it requires). Every variable is in scope under
// its name. Decision tables give one rule result per matched rule (COLLECT without
// aggregation, RULE ORDER, OUTPUT ORDER) or one result (other hit policies; none when no
// rule matched); a literal expression gives one result named after the decision. Output
// values take the type of the output's typeRef (integer → Integer, ...); untyped whole
// numbers are Long, other numbers Double, lists and contexts Json.
// kInvalidArgument (type "DecisionEvaluationException") when a hit policy is violated.
Result<DecisionResult> evaluate_decision(const DeployedDecision& decision,
                                         const VariableMap& variables);

// camunda:mapDecisionResult: singleEntry (the value of the only entry of the only result;
// null when none), singleResult (the only result as a Json object; null when none),
// collectEntries (the only entry of each result, as a Json list), resultList (a Json list
// of objects; the default). kInvalidArgument when the result does not fit the mode.
Result<TypedValue> map_decision_result(const DecisionResult& result, const std::string& mode);

// A result value as plain JSON: numbers, booleans, null, a Json value parsed (kept as its text
// when it does not parse), a Date as epoch milliseconds, anything else as its text.
nlohmann::json plain_json(const TypedValue& v);

}  // namespace dpc::engine

// Catalogue eligibility by DMN decision (see catalogue_decisions.h).
#include "catalogue_decisions.h"

#include "dpc/engine/decision_evaluation.h"

namespace dpc::app {

namespace {

using catalogue::Json;

TypedValue to_typed(const Json& v) {
  if (v.is_string()) return TypedValue::string(v.get<std::string>());
  if (v.is_boolean()) return TypedValue::boolean_value(v.get<bool>());
  if (v.is_number_integer()) return TypedValue::long_value(v.get<std::int64_t>());
  if (v.is_number()) return TypedValue::double_value(v.get<double>());
  if (v.is_null()) return TypedValue::null();
  return TypedValue::json(v.dump());
}

}  // namespace

catalogue::DecisionResolver catalogue_decisions(engine::DecisionSource& decisions) {
  return [&decisions](const std::string& key) -> Result<catalogue::DecisionCall> {
    engine::DecisionLookup lookup;
    lookup.key = key;
    auto found = decisions.load_decision(lookup);
    if (!found) return Error::not_found("no DMN decision " + key + " is deployed");
    std::shared_ptr<const engine::DeployedDecision> decision = *found;
    return catalogue::DecisionCall([decision](const Json& inputs) -> Result<Json> {
      VariableMap variables;
      for (const auto& [name, value] : inputs.items()) variables[name] = to_typed(value);
      auto result = engine::evaluate_decision(*decision, variables);
      if (!result) return result.error();
      if (result->empty() || (*result)[0].empty()) return Json();
      return engine::plain_json((*result)[0][0].second);
    });
  };
}

}  // namespace dpc::app

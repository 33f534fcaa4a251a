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

Json to_json(const TypedValue& v) {
  switch (v.type) {
    case ValueType::kNull: return nullptr;
    case ValueType::kBoolean: return v.boolean;
    case ValueType::kShort:
    case ValueType::kInteger:
    case ValueType::kLong:
    case ValueType::kDate: return v.integer;
    case ValueType::kDouble: return v.number;
    case ValueType::kJson: {
      Json j = Json::parse(v.text, nullptr, false);
      return j.is_discarded() ? Json(v.text) : j;
    }
    default: return v.text;
  }
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
      return to_json((*result)[0][0].second);
    });
  };
}

}  // namespace dpc::app

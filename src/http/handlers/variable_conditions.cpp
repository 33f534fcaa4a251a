// Variable conditions of list queries as Camunda's REST writes them (see variable_conditions.h).
#include "variable_conditions.h"

#include "dpc/core/strings.h"
#include "dpc/http/variable_json.h"

namespace dpc::http {

using nlohmann::json;
using engine::VariableCondition;

namespace {

std::optional<VariableCondition::Op> parse_operator(std::string_view op) {
  static const std::pair<const char*, VariableCondition::Op> kOps[] = {
      {"eq", VariableCondition::Op::kEq},     {"neq", VariableCondition::Op::kNeq},
      {"gt", VariableCondition::Op::kGt},     {"gteq", VariableCondition::Op::kGteq},
      {"lt", VariableCondition::Op::kLt},     {"lteq", VariableCondition::Op::kLteq},
      {"like", VariableCondition::Op::kLike}, {"notLike", VariableCondition::Op::kNotLike}};
  for (auto [name, value] : kOps) {
    if (op == name) return value;
  }
  return std::nullopt;
}

// "name_op_value": the first `_op_` with a known operator splits it, so names and values
// may themselves contain underscores.
}  // namespace

Result<VariableCondition> condition_from_text(const std::string& expr, const std::string& param) {
  auto parts = split(expr, '_');
  for (size_t i = 1; i + 1 < parts.size(); ++i) {
    auto op = parse_operator(parts[i]);
    if (!op) continue;
    VariableCondition c;
    c.op = *op;
    for (size_t k = 0; k < i; ++k) c.name += (k ? "_" : "") + std::string(parts[k]);
    std::string value;
    for (size_t k = i + 1; k < parts.size(); ++k) value += (k > i + 1 ? "_" : "") + std::string(parts[k]);
    c.value = TypedValue::string(std::move(value));
    c.untyped = true;
    return c;
  }
  return Error::invalid("Cannot set query parameter '" + param + "' to value '" + expr +
                        "': variable query parameter has to have format KEY_OPERATOR_VALUE");
}

// [{"name","operator","value"}] of a POST body; the JSON literal gives the value its type.
Result<std::vector<VariableCondition>> conditions_from_json(const json& list, const std::string& param) {
  std::vector<VariableCondition> out;
  if (list.is_null()) return out;
  if (!list.is_array()) return Error::invalid("'" + param + "' must be an array of {name, operator, value}");
  for (const auto& item : list) {
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string() ||
        !item.contains("operator") || !item["operator"].is_string()) {
      return Error::invalid("each entry of '" + param + "' needs a name, an operator and a value");
    }
    VariableCondition c;
    c.name = item["name"].get<std::string>();
    auto op = parse_operator(item["operator"].get<std::string>());
    if (!op) {
      return Error::invalid("Invalid " + param + " comparator specified: " + item["operator"].get<std::string>());
    }
    c.op = *op;
    auto value = variable_from_json(c.name, {{"value", item.value("value", json(nullptr))}});
    if (!value) return value.error();
    c.value = std::move(*value);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace dpc::http

// Camunda's variable JSON (VariableValueDto): {"value": ..., "type": "Integer",
// "valueInfo": {...}} and maps of them. Also Camunda's date format
// (yyyy-MM-dd'T'HH:mm:ss.SSSZ, e.g. 2016-01-25T13:33:42.165+0100). Pure functions.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"

namespace dpc::http {

// Formats milliseconds since the epoch in Camunda's default date format (UTC, "+0000").
std::string format_camunda_date(std::int64_t millis);
// Parses Camunda's date format; also accepts a colon in the offset ("+01:00"), "Z", and no
// milliseconds. nullopt when it is not a date.
std::optional<std::int64_t> parse_camunda_date(const std::string& text);

// {"value","type","valueInfo"} → TypedValue. Without "type" the JSON literal decides
// (string → String, true → Boolean, integer → Integer or Long, number → Double, object or
// array → Json, null → Null). Errors name the variable: "Cannot convert value 'x' of type
// 'Integer' for variable 'amount'" (400).
Result<TypedValue> variable_from_json(const std::string& name, const nlohmann::json& dto);
// A JSON object of variables → VariableMap; a non-object is a 400.
Result<VariableMap> variables_from_json(const nlohmann::json& map, const std::string& field);

// TypedValue → {"value","type","valueInfo"}. `deserialize`: Json/Object values come back as
// parsed JSON instead of their serialized text (Camunda's deserializeValues).
nlohmann::json variable_to_json(const TypedValue& v, bool deserialize = true);
nlohmann::json variables_to_json(const VariableMap& vars, bool deserialize = true);

}  // namespace dpc::http

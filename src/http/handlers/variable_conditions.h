// Variable conditions of list queries as Camunda's REST writes them: "name_op_value" in a
// query string (the first `_op_` with a known operator splits it, so names and values may
// hold underscores; the value's type is unknown: untyped) and [{"name","operator","value"}]
// in a JSON body (the literal gives the type). Operators: eq, neq, gt, gteq, lt, lteq, like,
// notLike. `param` names the parameter in 400 messages. Pure functions, thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dpc/core/result.h"
#include "dpc/engine/work_queries.h"

namespace dpc::http {

Result<engine::VariableCondition> condition_from_text(const std::string& expr, const std::string& param);
Result<std::vector<engine::VariableCondition>> conditions_from_json(const nlohmann::json& list,
                                                                   const std::string& param);

}  // namespace dpc::http

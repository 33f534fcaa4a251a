// Internal: starting a process instance from a REST request (/process-definition/.../start,
// and submit-form, which checks the start form first). process_instance_routes.cpp.
#pragma once

#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "dpc/http/handlers/runtime_routes.h"

namespace dpc::http {

// Runs after the body's variables are read and before the instance starts: may change the
// variables (drop what a form does not take) and the body (set its businessKey), or refuse
// with a response (nothing started).
using StartCheck = std::function<std::optional<Response>(nlohmann::json& body, VariableMap& vars)>;

// Authorizes (CREATE on instances, CREATE_INSTANCE on the key), reads {"variables",
// "businessKey", "withVariablesInReturn"} and starts the definition of {id} (or the latest
// of {key} when by_key), answering Camunda's process instance DTO once committed.
Response start_instance(RuntimeApi api, Request& req, bool by_key, const StartCheck& check = {});

}  // namespace dpc::http

// POST /engine-rest/message: correlates a message to the executions waiting for it, or
// starts an instance at a message start event (RuntimeService::correlate).
#include <nlohmann/json.hpp>

#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/http/instance_authorization.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dpc/http/variable_json.h"
#include "dto.h"

namespace dpc::http {

using nlohmann::json;

void add_message_routes(Router& router, RuntimeApi api) {
  router.add(Method::kPost, "/engine-rest/message", [api](Request& req) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    if (!body->contains("messageName") || !(*body)["messageName"].is_string()) {
      return error_response(Error::invalid("messageName is required"));
    }
    auto text = [&](const char* field) {
      return body->contains(field) && (*body)[field].is_string() ? (*body)[field].get<std::string>()
                                                                 : std::string();
    };
    for (const char* unsupported : {"localCorrelationKeys", "processVariablesLocal",
                                    "processVariablesToTriggeredScope"}) {
      if (body->contains(unsupported) && !(*body)[unsupported].is_null() && !(*body)[unsupported].empty()) {
        return error_response(Error::invalid(std::string(unsupported) +
                                             " are not supported by this version of dpc yet"));
      }
    }
    engine::RuntimeService::MessageCorrelation m;
    m.message_name = (*body)["messageName"].get<std::string>();
    m.business_key = text("businessKey");
    m.process_instance_id = text("processInstanceId");
    auto keys = variables_from_json(body->value("correlationKeys", json(nullptr)), "correlationKeys");
    if (!keys) return error_response(keys.error());
    m.correlation_keys = std::move(*keys);
    auto vars = variables_from_json(body->value("processVariables", json(nullptr)), "processVariables");
    if (!vars) return error_response(vars.error());
    m.variables = std::move(*vars);
    auto flag = [&](const char* field) {
      return body->contains(field) && (*body)[field].is_boolean() && (*body)[field].get<bool>();
    };
    m.all = flag("all");
    m.variables_in_result = flag("variablesInResultEnabled");
    m.may_reach = target_check(req);
    auto r = api.runtime.correlate(m);
    if (!r) return error_response(r.error());
    if (!flag("resultEnabled")) return Response::no_content();
    json out = json::array();
    for (const auto& c : *r) {
      json vars = m.variables_in_result ? variables_to_json(c.variables) : json(nullptr);
      if (c.started) {
        out.push_back({{"resultType", "ProcessDefinition"},
                       {"execution", nullptr},
                       {"processInstance", process_instance_dto(c.instance, c.ended)},
                       {"variables", vars}});
      } else {
        json tenant = c.instance.tenant_id.empty() ? json(nullptr) : json(c.instance.tenant_id);
        out.push_back({{"resultType", "Execution"},
                       {"execution", {{"id", c.execution_id},
                                      {"processInstanceId", c.instance.id},
                                      {"ended", c.ended},
                                      {"tenantId", tenant}}},
                       {"processInstance", nullptr},
                       {"variables", vars}});
      }
    }
    return json_ok(out);
  });

  // POST /engine-rest/condition: starts instances at process-level conditional start events
  // whose condition holds for `variables` (RuntimeService::evaluate_start_conditions).
  router.add(Method::kPost, "/engine-rest/condition", [api](Request& req) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    for (const char* field : {"businessKey", "processDefinitionId", "tenantId"}) {
      if (body->contains(field) && !(*body)[field].is_null() && !(*body)[field].is_string()) {
        return error_response(Error::invalid(std::string(field) + " must be a string"));
      }
    }
    if (body->contains("tenantId") && (*body)["tenantId"].is_string()) {
      return error_response(Error::invalid("tenantId is not supported by this version of dpc yet"));
    }
    auto vars = variables_from_json(body->value("variables", json(nullptr)), "variables");
    if (!vars) return error_response(vars.error());
    auto text = [&](const char* field) {
      return body->contains(field) && (*body)[field].is_string() ? (*body)[field].get<std::string>()
                                                                 : std::string();
    };
    auto started = api.runtime.evaluate_start_conditions(*vars, text("businessKey"),
                                                         text("processDefinitionId"), target_check(req));
    if (!started) return error_response(started.error());
    json out = json::array();
    for (const auto& s : *started) out.push_back(process_instance_dto(s.instance, s.ended));
    return json_ok(out);
  });
}

}  // namespace dpc::http

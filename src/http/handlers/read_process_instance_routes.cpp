// Reading running process instances: /engine-rest/process-instance (list, count, get),
// their variables and their activity instance tree. See read_routes.h.
#include <nlohmann/json.hpp>

#include "dpc/core/strings.h"
#include "dpc/http/handlers/read_routes.h"
#include "dpc/http/instance_authorization.h"
#include "dpc/http/variable_json.h"
#include "dto.h"
#include "instance_query.h"
#include "read_dto.h"
#include "variable_conditions.h"

namespace dpc::http {

using nlohmann::json;
using engine::VariableCondition;

namespace {
const char* const kBase = "/engine-rest/process-instance";
}  // namespace

// Also the processInstanceQuery of the batch operations (instance_query.h).
Result<engine::ProcessInstanceQuery> instance_query(const Params& p, const json* body) {
  engine::ProcessInstanceQuery q;
  q.ids = p.list("processInstanceIds");
  q.business_key = p.text("businessKey");
  q.business_key_like = p.text("businessKeyLike");
  q.super_process_instance_id = p.text("superProcessInstance");
  q.sub_process_instance_id = p.text("subProcessInstance");
  q.definition_id = p.text("processDefinitionId");
  q.definition_key = p.text("processDefinitionKey");
  q.definition_key_in = p.list("processDefinitionKeyIn");
  q.definition_key_not_in = p.list("processDefinitionKeyNotIn");
  q.incident_type = p.text("incidentType");
  q.activity_id_in = p.list("activityIdIn");
  if (auto st = read::flags(p, {{"active", &q.active}, {"suspended", &q.suspended},
                                {"withIncident", &q.with_incident}});
      !st) {
    return st.error();
  }
  if (body) {
    auto vars = conditions_from_json(body->value("variables", json(nullptr)), "variables");
    if (!vars) return vars.error();
    q.variables = std::move(*vars);
  } else {
    for (const auto& expr : p.list("variables")) {
      auto c = condition_from_text(expr, "variables");
      if (!c) return c.error();
      q.variables.push_back(std::move(*c));
    }
  }
  auto sorts = read::sorting(p, {"instanceId", "definitionKey", "definitionId", "businessKey", "tenantId"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  return q;
}

namespace {

Error instance_not_found(const std::string& id) {
  return Error::not_found("Process instance with id " + id + " does not exist", "InvalidRequestException");
}

// The variables of a running instance the caller may read, or the response to send instead.
std::variant<VariableMap, Response> variables_of(engine::RuntimeReadQueries& queries, const Request& req,
                                                 const std::string& id) {
  if (auto st = authorize_instance(req, &queries, id, kReadInstance); !st) return error_response(st.error());
  auto vars = queries.instance_variables(id);
  if (!vars) return error_response(vars.error());
  if (!*vars) return error_response(instance_not_found(id));
  return std::move(**vars);
}

Result<bool> deserialize_flag(const Request& req, const char* name) {
  auto d = Params::from_query(req).boolean(name);
  if (!d) return d.error();
  return d->value_or(true);
}

}  // namespace

void add_process_instance_read_routes(Router& router, engine::RuntimeReadQueries& queries) {
  auto* qs = &queries;
  read::add_list_resource<engine::ProcessInstanceQuery>(
      router, kBase,
      {instance_query,
       [qs](const auto& q) {
         return read::json_list(qs->process_instances(q),
                                [](const auto& p) { return process_instance_dto(p, false); });
       },
       [qs](const auto& q) { return qs->count_process_instances(q); }},
      true, read::instance_rule());

  router.add(Method::kGet, std::string(kBase) + "/{id}", [qs](Request& req) {
    const auto& id = req.path_param("id");
    auto p = qs->process_instance(id);
    if (!p) return error_response(p.error());
    if (!*p) return error_response(instance_not_found(id));
    if (auto st = authorize_any(req, {{identity::Resource::kProcessInstance, id, identity::perm::kRead},
                                      {identity::Resource::kProcessDefinition, (*p)->definition_key,
                                       identity::perm::kReadInstance}});
        !st) {
      return error_response(st.error());
    }
    return json_ok(process_instance_dto(**p, false));
  });

  router.add(Method::kGet, std::string(kBase) + "/{id}/variables", [qs](Request& req) {
    auto deserialize = deserialize_flag(req, "deserializeValues");
    if (!deserialize) return error_response(deserialize.error());
    auto vars = variables_of(*qs, req, req.path_param("id"));
    if (auto* r = std::get_if<Response>(&vars)) return *r;
    return json_ok(variables_to_json(std::get<VariableMap>(vars), *deserialize));
  });

  auto single = [qs](Request& req, bool data) -> Response {
    auto deserialize = deserialize_flag(req, "deserializeValue");
    if (!deserialize) return error_response(deserialize.error());
    auto vars = variables_of(*qs, req, req.path_param("id"));
    if (auto* r = std::get_if<Response>(&vars)) return *r;
    const auto& map = std::get<VariableMap>(vars);
    const auto& name = req.path_param("name");
    auto it = map.find(name);
    if (it == map.end()) {
      return error_response(Error::not_found("process instance variable with name " + name + " does not exist",
                                             "InvalidRequestException"));
    }
    if (data) return read::variable_data_response(it->second, name);
    return json_ok(variable_to_json(it->second, *deserialize));
  };
  router.add(Method::kGet, std::string(kBase) + "/{id}/variables/{name}",
             [single](Request& req) { return single(req, false); });
  router.add(Method::kGet, std::string(kBase) + "/{id}/variables/{name}/data",
             [single](Request& req) { return single(req, true); });

  router.add(Method::kGet, std::string(kBase) + "/{id}/activity-instances", [qs](Request& req) {
    const auto& id = req.path_param("id");
    if (auto st = authorize_instance(req, qs, id, kReadInstance); !st) return error_response(st.error());
    auto tree = qs->activity_tree(id);
    if (!tree) return error_response(tree.error());
    if (!*tree) return error_response(instance_not_found(id));
    return json_ok(read::activity_instance_tree_dto(**tree));
  });
}

}  // namespace dpc::http

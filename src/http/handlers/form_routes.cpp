// The form endpoints of tasks and process definitions (see form_routes.h). Handlers resolve
// the form (form_resolution.h), check submissions with the forms module and call the engine.
#include "dpc/http/handlers/form_routes.h"

#include <nlohmann/json.hpp>

#include "dpc/forms/form_validation.h"
#include "dpc/http/authorize.h"
#include "dpc/http/instance_authorization.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dpc/http/variable_json.h"
#include "form_resolution.h"
#include "instance_start.h"
#include "task_access.h"

namespace dpc::http {

using nlohmann::json;
using identity::Resource;
namespace perm = identity::perm;

namespace {

Result<engine::TaskRecord> task_of(FormApi api, const Request& req, TaskAccess access) {
  const std::string& id = req.path_param("id");
  return task_for(req, api.runtime.work, id, access, "Cannot find task with id " + id);
}

// The definition of {id}, or the latest of {key}, when the caller may read it (a submission
// is authorized as a start, like Camunda's submitStartForm: CREATE_INSTANCE, not READ).
Result<engine::ProcessDefinitionRecord> definition_of(FormApi api, const Request& req, bool read = true) {
  auto id = req.path_params.find("id");
  auto d = id != req.path_params.end() ? api.repository.definition(id->second)
                                       : api.repository.latest_definition(req.path_param("key"));
  if (!d || !read) return d;
  if (auto st = authorize(req, Resource::kProcessDefinition, d->key, perm::kRead); !st) return st.error();
  return d;
}

// Camunda's typed variables ({"name": {"value", "type"}}) as plain values for validation.
json plain_values(const json& typed) {
  json out = json::object();
  if (!typed.is_object()) return out;
  for (auto it = typed.begin(); it != typed.end(); ++it) {
    json value = it.value().is_object() ? it.value().value("value", json(nullptr)) : json(nullptr);
    // A Json variable carries its value as serialized JSON text (Camunda 7's clients and the
    // web apps send a checklist's list so): the form checks the list, not the text.
    if (value.is_string() && it.value().value("type", "") == "Json") {
      json parsed = json::parse(value.get<std::string>(), nullptr, /*allow_exceptions=*/false);
      if (!parsed.is_discarded()) value = std::move(parsed);
    }
    out[it.key()] = std::move(value);
  }
  return out;
}

// Checks `body`'s variables against the form; on success drops what the form does not take.
std::optional<Response> check_submission(const ResolvedForm& form, const json& body,
                                         const json& current, VariableMap& vars) {
  if (!form.fields) return std::nullopt;  // no form to check against (none / embedded)
  auto outcome = forms::validate_submission(*form.fields, plain_values(body.value("variables", json::object())),
                                            current);
  if (!outcome.ok()) return json_ok(forms::validation_exception(outcome.errors), 400);
  for (const auto& name : outcome.dropped) vars.erase(name);
  return std::nullopt;
}

// A referenced form that cannot be found or read: refuse rather than accept unchecked data.
std::optional<Response> unusable(const ResolvedForm& form) {
  if (form.kind == "deployed" && !form.fields) {
    return error_response(Error::invalid("The form of this task or start event cannot be used: " + form.problem));
  }
  return std::nullopt;
}

// Generated forms: the fields' default values where no variable holds one (Camunda's
// form-variables of a generated form), typed as the field.
void add_defaults(const ResolvedForm& form, json& out) {
  if (!form.form_data) return;
  for (const auto& c : form.schema.value("components", json::array())) {
    if (!c.contains("defaultValue") || out.contains(c.value("key", ""))) continue;
    const json& v = c["defaultValue"];
    std::string type = v.is_boolean() ? "Boolean" : v.is_number_integer() ? "Long" : "String";
    out[c["key"].get<std::string>()] = {{"type", type}, {"value", v}, {"valueInfo", json::object()}};
  }
}

json filtered(json vars, const Request& req) {
  const std::string* names = req.query_param("variableNames");
  if (!names || names->empty()) return vars;
  json out = json::object();
  size_t start = 0;
  while (start <= names->size()) {
    size_t comma = names->find(',', start);
    std::string n = names->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (vars.contains(n)) out[n] = vars[n];
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

Response deployed_form(const ResolvedForm& form) {
  if (form.kind != "deployed") {
    return error_response(Error::invalid(form.key.empty() ? "No deployed form is referenced"
                                                          : "The form key '" + form.key +
                                                                "' is not referencing a deployed form."));
  }
  if (form.schema.is_null()) return error_response(Error::not_found(form.problem));
  return json_ok(form.schema);
}

// dpc's answer for the web apps (contracts.md section 2).
json ui_form(const ResolvedForm& form, json variables) {
  json out = {{"kind", form.fields || form.kind == "embedded" ? form.kind : std::string("none")},
              {"key", form.key.empty() ? json(nullptr) : json(form.key)},
              {"schema", form.fields ? form.schema : json(nullptr)},
              {"variables", std::move(variables)}};
  if (!form.problem.empty()) out["problem"] = form.problem;
  return out;
}

// ---- tasks ----

Result<std::pair<engine::TaskRecord, ResolvedForm>> task_form(FormApi api, const Request& req, TaskAccess access) {
  auto t = task_of(api, req, access);
  if (!t) return t.error();
  auto form = resolve_task_form(api.repository, *t);
  if (!form) return form.error();
  return std::pair{std::move(*t), std::move(*form)};
}

Result<json> task_variables(FormApi api, const std::string& task_id) {
  auto vars = api.runtime.work.task_variables(task_id, false);
  if (!vars) return vars.error();
  return variables_to_json(*vars);
}

Response submit_task_form(FormApi api, Request& req) {
  auto tf = task_form(api, req, TaskAccess::kWork);
  if (!tf) return error_response(tf.error());
  const ResolvedForm& form = tf->second;
  if (auto no = unusable(form)) return *no;
  auto body = json_body(req);
  if (!body) return error_response(body.error());
  auto vars = variables_from_json(body->value("variables", json(nullptr)), "variables");
  if (!vars) return error_response(vars.error());
  auto with_vars = bool_field(*body, "withVariablesInReturn");
  if (!with_vars) return error_response(with_vars.error());
  if (form.fields) {
    auto current = task_variables(api, tf->first.id);
    if (!current) return error_response(current.error());
    if (auto refused = check_submission(form, *body, plain_values(*current), *vars)) return *refused;
  }
  auto r = api.runtime.runtime.complete_task(tf->first.id, *vars, with_vars->value_or(false));
  if (!r) return error_response(r.error());
  if (with_vars->value_or(false)) return json_ok(variables_to_json(*r));
  return Response::no_content();
}

void add_task_form_routes(Router& router, FormApi api) {
  router.add(Method::kGet, "/engine-rest/task/{id}/form", [api](Request& req) {
    auto tf = task_form(api, req, TaskAccess::kRead);
    return tf ? json_ok(camunda_form_dto(tf->second)) : error_response(tf.error());
  });
  router.add(Method::kGet, "/engine-rest/task/{id}/deployed-form", [api](Request& req) {
    auto tf = task_form(api, req, TaskAccess::kRead);
    return tf ? deployed_form(tf->second) : error_response(tf.error());
  });
  router.add(Method::kGet, "/engine-rest/task/{id}/form-variables", [api](Request& req) {
    auto tf = task_form(api, req, TaskAccess::kRead);
    if (!tf) return error_response(tf.error());
    auto vars = task_variables(api, tf->first.id);
    if (!vars) return error_response(vars.error());
    add_defaults(tf->second, *vars);
    return json_ok(filtered(std::move(*vars), req));
  });
  router.add(Method::kPost, "/engine-rest/task/{id}/submit-form",
             [api](Request& req) { return submit_task_form(api, req); });
  router.add(Method::kGet, "/api/tasks/{id}/form", [api](Request& req) {
    auto tf = task_form(api, req, TaskAccess::kRead);
    if (!tf) return error_response(tf.error());
    auto vars = task_variables(api, tf->first.id);
    if (!vars) return error_response(vars.error());
    add_defaults(tf->second, *vars);
    return json_ok(ui_form(tf->second, std::move(*vars)));
  });
}

// ---- start forms ----

Result<std::pair<engine::ProcessDefinitionRecord, ResolvedForm>> start_form(FormApi api, const Request& req,
                                                                            bool read = true) {
  auto d = definition_of(api, req, read);
  if (!d) return d.error();
  auto form = resolve_start_form(api.repository, *d);
  if (!form) return form.error();
  return std::pair{std::move(*d), std::move(*form)};
}

Response submit_start_form(FormApi api, Request& req, bool by_key) {
  const std::string key = by_key ? req.path_param("key") : definition_key_of_id(req.path_param("id"));
  if (auto st = authorize_start(req, key); !st) return error_response(st.error());
  auto sf = start_form(api, req, false);
  if (!sf) return error_response(sf.error());
  if (auto no = unusable(sf->second)) return *no;
  auto form = std::make_shared<ResolvedForm>(std::move(sf->second));
  // By key, the instance starts at the latest version: the one whose form was checked
  // unless a deployment comes in between, which Camunda does not guard against either.
  return start_instance(api.runtime, req, by_key, [form](json& body, VariableMap& vars) {
    auto refused = check_submission(*form, body, json::object(), vars);
    // camunda:formData businessKey="field": that field's value becomes the business key.
    if (!refused && form->form_data && !form->form_data->business_key.empty() &&
        !body.contains("businessKey")) {
      json values = plain_values(body.value("variables", json::object()));
      auto v = values.find(form->form_data->business_key);
      if (v != values.end() && (v->is_string() || v->is_number())) {
        body["businessKey"] = v->is_string() ? v->get<std::string>() : v->dump();
      }
    }
    return refused;
  });
}

void add_start_form_routes(Router& router, FormApi api) {
  for (std::string base : {"/engine-rest/process-definition/{id}", "/engine-rest/process-definition/key/{key}"}) {
    const bool by_key = base.find("{key}") != std::string::npos;
    router.add(Method::kGet, base + "/startForm", [api](Request& req) {
      auto sf = start_form(api, req);
      return sf ? json_ok(camunda_form_dto(sf->second)) : error_response(sf.error());
    });
    router.add(Method::kGet, base + "/deployed-start-form", [api](Request& req) {
      auto sf = start_form(api, req);
      return sf ? deployed_form(sf->second) : error_response(sf.error());
    });
    router.add(Method::kGet, base + "/form-variables", [api](Request& req) {
      auto sf = start_form(api, req);
      if (!sf) return error_response(sf.error());
      json vars = json::object();
      add_defaults(sf->second, vars);
      return json_ok(filtered(std::move(vars), req));
    });
    router.add(Method::kPost, base + "/submit-form",
               [api, by_key](Request& req) { return submit_start_form(api, req, by_key); });
  }
  router.add(Method::kGet, "/api/process-definitions/{id}/start-form", [api](Request& req) {
    auto sf = start_form(api, req);
    if (!sf) return error_response(sf.error());
    json vars = json::object();
    add_defaults(sf->second, vars);
    return json_ok(ui_form(sf->second, std::move(vars)));
  });
}

}  // namespace

void add_form_routes(Router& router, FormApi api) {
  add_task_form_routes(router, api);
  add_start_form_routes(router, api);
}

}  // namespace dpc::http

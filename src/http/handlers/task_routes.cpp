// The user task resource: /engine-rest/task...
#include <nlohmann/json.hpp>

#include "dpc/http/authorize.h"
#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/http/params.h"
#include "dpc/http/query.h"
#include "dpc/http/variable_json.h"
#include "dto.h"
#include "task_access.h"
#include "task_list.h"

namespace dpc::http {

using nlohmann::json;

namespace {

// A task list or count as the caller may see it (assigned, candidate, READ on the task or
// READ_TASK on its definition), filtered inside the query so counts and pages stay exact.
Response list(RuntimeApi api, const Request& req, Result<engine::TaskQuery> q, bool count) {
  if (!q) return error_response(q.error());
  if (count) {
    auto n = count_visible_tasks(api, req, std::move(*q));
    return n ? json_ok({{"count", *n}}) : error_response(n.error());
  }
  auto tasks = visible_tasks(api, req, std::move(*q));
  if (!tasks) return error_response(tasks.error());
  json out = json::array();
  for (const auto& t : *tasks) out.push_back(task_dto(t));
  return json_ok(out);
}

// The task of the request's {id} when the caller may do `access` on it.
Result<engine::TaskRecord> task_of(RuntimeApi api, const Request& req, TaskAccess access,
                                   const std::string& not_found_prefix = "Cannot find task with id ") {
  const std::string& id = req.path_param("id");
  return task_for(req, api.work, id, access, not_found_prefix + id);
}

// Setting the assignee to oneself or to nobody is work on the task; to someone else, assigning.
TaskAccess assigning(const Request& req, const std::string& assignee) {
  bool self = assignee.empty() || (req.principal && assignee == req.principal->user_id);
  return self ? TaskAccess::kWork : TaskAccess::kAssign;
}

Result<std::string> user_id(const Request& req) {
  auto body = json_body(req);
  if (!body) return body.error();
  if (!body->contains("userId") || !(*body)["userId"].is_string()) {
    if (body->contains("userId") && (*body)["userId"].is_null()) return std::string();
    return Error::invalid("userId is required and must be a string");
  }
  return (*body)["userId"].get<std::string>();
}

Response complete(RuntimeApi api, Request& req) {
  if (auto t = task_of(api, req, TaskAccess::kWork); !t) return error_response(t.error());
  auto body = json_body(req);
  if (!body) return error_response(body.error());
  auto vars = variables_from_json(body->value("variables", json(nullptr)), "variables");
  if (!vars) return error_response(vars.error());
  auto with_vars = bool_field(*body, "withVariablesInReturn");
  if (!with_vars) return error_response(with_vars.error());
  auto r = api.runtime.complete_task(req.path_param("id"), *vars, with_vars->value_or(false));
  if (!r) return error_response(r.error());
  if (with_vars->value_or(false)) return json_ok(variables_to_json(*r));
  return Response::no_content();
}

Response variables_of(RuntimeApi api, Request& req, bool local) {
  auto task = task_of(api, req, TaskAccess::kRead, "task ");
  if (!task) return error_response(task.error());
  auto vars = api.work.task_variables(req.path_param("id"), local);
  if (!vars) return error_response(vars.error());
  auto deserialize = query_bool(req, "deserializeValues");
  if (!deserialize) return error_response(deserialize.error());
  return json_ok(variables_to_json(*vars, deserialize->value_or(true)));
}

void add_variable_routes(Router& router, RuntimeApi api, const std::string& kind, bool local) {
  std::string base = "/engine-rest/task/{id}/" + kind;
  router.add(Method::kGet, base, [api, local](Request& req) { return variables_of(api, req, local); });
  router.add(Method::kGet, base + "/{name}", [api, local](Request& req) {
    if (auto t = task_of(api, req, TaskAccess::kRead); !t) return error_response(t.error());
    auto vars = api.work.task_variables(req.path_param("id"), local);
    if (!vars) return error_response(vars.error());
    auto it = vars->find(req.path_param("name"));
    if (it == vars->end()) {
      return error_response(Error::not_found("task variable with name " + req.path_param("name") +
                                             " does not exist"));
    }
    return json_ok(variable_to_json(it->second));
  });
  router.add(Method::kPost, base, [api, local](Request& req) {
    if (auto t = task_of(api, req, TaskAccess::kWork); !t) return error_response(t.error());
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto mods = variables_from_json(body->value("modifications", json(nullptr)), "modifications");
    if (!mods) return error_response(mods.error());
    std::vector<std::string> deletions;
    for (const auto& d : body->value("deletions", json::array())) {
      if (d.is_string()) deletions.push_back(d.get<std::string>());
    }
    Status st = api.runtime.modify_task_variables(req.path_param("id"), *mods, deletions, local);
    return st ? Response::no_content() : error_response(st.error());
  });
  router.add(Method::kPut, base + "/{name}", [api, local](Request& req) {
    if (auto t = task_of(api, req, TaskAccess::kWork); !t) return error_response(t.error());
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto v = variable_from_json(req.path_param("name"), *body);
    if (!v) return error_response(v.error());
    Status st = api.runtime.modify_task_variables(req.path_param("id"),
                                                  {{req.path_param("name"), *v}}, {}, local);
    return st ? Response::no_content() : error_response(st.error());
  });
  router.add(Method::kDelete, base + "/{name}", [api, local](Request& req) {
    if (auto t = task_of(api, req, TaskAccess::kWork); !t) return error_response(t.error());
    Status st = api.runtime.modify_task_variables(req.path_param("id"), {},
                                                  {req.path_param("name")}, local);
    return st ? Response::no_content() : error_response(st.error());
  });
}

}  // namespace

void add_task_routes(Router& router, RuntimeApi api) {
  router.add(Method::kGet, "/engine-rest/task",
             [api](Request& req) { return list(api, req, task_query(Params::from_query(req)), false); });
  router.add(Method::kGet, "/engine-rest/task/count",
             [api](Request& req) { return list(api, req, task_query(Params::from_query(req)), true); });
  for (auto [path, count] : {std::pair{"/engine-rest/task", false}, std::pair{"/engine-rest/task/count", true}}) {
    router.add(Method::kPost, path, [api, count](Request& req) {
      auto body = json_body(req);
      if (!body) return error_response(body.error());
      auto q = task_query(Params::from_json(*body));
      // Paging of the POST twin comes in the query string, as in Camunda.
      auto paging = Params::from_query(req).paging();
      if (!paging) return error_response(paging.error());
      if (q) q->page = {paging->first, paging->second};
      return list(api, req, std::move(q), count);
    });
  }
  router.add(Method::kGet, "/engine-rest/task/{id}", [api](Request& req) {
    auto t = task_of(api, req, TaskAccess::kRead, "No matching task with id ");
    if (!t) return error_response(t.error());
    return json_ok(task_dto(*t));
  });
  // A candidate (or someone with TASK_WORK) claims for themselves; claiming for another user
  // is assigning, which needs TASK_ASSIGN.
  router.add(Method::kPost, "/engine-rest/task/{id}/claim", [api](Request& req) {
    auto user = user_id(req);
    if (!user) return error_response(user.error());
    if (user->empty()) return error_response(Error::invalid("userId is required"));
    if (auto t = task_of(api, req, assigning(req, *user)); !t) return error_response(t.error());
    Status st = api.runtime.set_task_assignee(req.path_param("id"), *user, *user);
    return st ? Response::no_content() : error_response(st.error());
  });
  router.add(Method::kPost, "/engine-rest/task/{id}/unclaim", [api](Request& req) {
    if (auto t = task_of(api, req, TaskAccess::kWork); !t) return error_response(t.error());
    Status st = api.runtime.set_task_assignee(req.path_param("id"), "", std::nullopt);
    return st ? Response::no_content() : error_response(st.error());
  });
  router.add(Method::kPost, "/engine-rest/task/{id}/assignee", [api](Request& req) {
    auto user = user_id(req);
    if (!user) return error_response(user.error());
    if (auto t = task_of(api, req, assigning(req, *user)); !t) return error_response(t.error());
    Status st = api.runtime.set_task_assignee(req.path_param("id"), *user, std::nullopt);
    return st ? Response::no_content() : error_response(st.error());
  });
  router.add(Method::kPost, "/engine-rest/task/{id}/complete",
             [api](Request& req) { return complete(api, req); });
  // The form routes (/form, /deployed-form, /form-variables, /submit-form): form_routes.cpp.
  router.add(Method::kGet, "/engine-rest/task/{id}/identity-links", [api](Request& req) {
    auto t = task_of(api, req, TaskAccess::kRead);
    if (!t) return error_response(t.error());
    const std::string* type = req.query_param("type");
    json out = json::array();
    auto add = [&](const char* kind, const std::string& user, const std::string& group) {
      if (type && *type != kind) return;
      out.push_back({{"type", kind}, {"userId", text_or_null(user)}, {"groupId", text_or_null(group)}});
    };
    if (!t->assignee.empty()) add("assignee", t->assignee, "");
    if (!t->owner.empty()) add("owner", t->owner, "");
    for (const auto& u : t->candidate_users) add("candidate", u, "");
    for (const auto& g : t->candidate_groups) add("candidate", "", g);
    return json_ok(out);
  });
  add_variable_routes(router, api, "variables", false);
  add_variable_routes(router, api, "localVariables", true);
}

}  // namespace dpc::http

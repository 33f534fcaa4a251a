// Changes of a user task's own properties, in Camunda 7's REST shapes: PUT /task/{id}
// (update), POST /task/{id}/delegate, /resolve, /identity-links and /identity-links/delete.
// Who may: changing the task, its people or its candidates is assigning (TASK_ASSIGN or
// UPDATE on the task, TASK_ASSIGN or UPDATE_TASK on its definition); resolving is work on it,
// like completing. The rules themselves are the engine's (task_edits.h).
#include <cstdint>

#include <nlohmann/json.hpp>

#include "dpc/core/time_format.h"
#include "dpc/engine/task_edits.h"
#include "dpc/http/handlers/tasklist_routes.h"
#include "dpc/http/query.h"
#include "dpc/http/variable_json.h"
#include "task_access.h"

namespace dpc::http {

using nlohmann::json;

namespace {

Result<engine::TaskRecord> task_of(RuntimeApi api, const Request& req, TaskAccess access,
                                   const std::string& prefix = "Cannot find task with id ") {
  const std::string& id = req.path_param("id");
  return task_for(req, api.work, id, access, prefix + id);
}

Result<std::optional<engine::Millis>> date_field(const json& body, const std::string& name) {
  auto text = string_field(body, name);
  if (!text) return text.error();
  if (!*text) return std::optional<engine::Millis>{};
  auto ms = parse_date_time(**text);
  if (!ms) return Error::invalid("Cannot set " + name + ": '" + **text + "' is not a date");
  return std::optional<engine::Millis>{*ms};
}

Result<engine::TaskUpdate> task_update(const json& body) {
  engine::TaskUpdate u;
  std::pair<const char*, std::string*> texts[] = {
      {"name", &u.name}, {"description", &u.description}, {"assignee", &u.assignee}, {"owner", &u.owner}};
  for (auto [name, out] : texts) {
    auto v = string_field(body, name);
    if (!v) return v.error();
    *out = v->value_or("");
  }
  auto priority = integer_field(body, "priority");
  if (!priority) return priority.error();
  if (*priority) {
    if (**priority < INT32_MIN || **priority > INT32_MAX) return Error::invalid("priority is out of range");
    u.priority = static_cast<int>(**priority);
  }
  auto due = date_field(body, "due");
  if (!due) return due.error();
  u.due = *due;
  auto follow_up = date_field(body, "followUp");
  if (!follow_up) return follow_up.error();
  u.follow_up = *follow_up;
  auto state = string_field(body, "delegationState");
  if (!state) return state.error();
  if (*state) {
    if (**state != "PENDING" && **state != "RESOLVED") {
      return Error::invalid("Valid values for property 'delegationState' are 'PENDING' or 'RESOLVED', but was '" +
                            **state + "'");
    }
    u.delegation_state = **state;
  }
  for (const char* unsupported : {"parentTaskId", "caseInstanceId", "tenantId"}) {
    auto v = string_field(body, unsupported);
    if (!v) return v.error();
    if (*v) return Error::invalid(std::string(unsupported) + " cannot be set: dpc has no subtasks, cases or tenants");
  }
  return u;
}

Response change(RuntimeApi api, const Request& req, const engine::RuntimeService::TaskEdit& edit,
                const VariableMap& variables = {}) {
  Status st = api.runtime.change_task(req.path_param("id"), edit, variables);
  return st ? Response::no_content() : error_response(st.error());
}

Response identity_link(RuntimeApi api, Request& req, bool add) {
  auto body = json_body(req);
  if (!body) return error_response(body.error());
  engine::TaskIdentityLink link;
  std::pair<const char*, std::string*> fields[] = {
      {"userId", &link.user_id}, {"groupId", &link.group_id}, {"type", &link.type}};
  for (auto [name, out] : fields) {
    auto v = string_field(*body, name);
    if (!v) return error_response(v.error());
    *out = v->value_or("");
  }
  auto edit = engine::identity_link_edit(link, add);
  if (!edit) return error_response(edit.error());
  if (auto t = task_of(api, req, TaskAccess::kAssign); !t) return error_response(t.error());
  UserOperationScope logged(engine::identity_link_operation(link, add));
  return change(api, req, *edit);
}

}  // namespace

void add_task_change_routes(Router& router, RuntimeApi api) {
  router.add(Method::kPut, "/engine-rest/task/{id}", [api](Request& req) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto update = task_update(*body);
    if (!update) return error_response(update.error());
    auto t = task_of(api, req, TaskAccess::kAssign, "No matching task with id ");
    if (!t) return error_response(t.error());
    return change(api, req, engine::update_task_edit(std::move(*update)));
  });
  router.add(Method::kPost, "/engine-rest/task/{id}/delegate", [api](Request& req) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto user = string_field(*body, "userId");
    if (!user) return error_response(user.error());
    if (!*user || (*user)->empty()) return error_response(Error::invalid("userId is required"));
    auto t = task_of(api, req, TaskAccess::kAssign);
    if (!t) return error_response(t.error());
    if (t->suspended) {
      return error_response(Error::invalid("Cannot delegate task " + t->id + ": it is suspended"));
    }
    UserOperationScope logged(engine::task_change_operation("Delegate"));
    return change(api, req, engine::delegate_edit(**user));
  });
  router.add(Method::kPost, "/engine-rest/task/{id}/resolve", [api](Request& req) {
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto vars = variables_from_json(body->value("variables", json(nullptr)), "variables");
    if (!vars) return error_response(vars.error());
    auto t = task_of(api, req, TaskAccess::kWork);
    if (!t) return error_response(t.error());
    if (t->suspended) {
      return error_response(Error::invalid("Cannot resolve task " + t->id + ": it is suspended"));
    }
    UserOperationScope logged(engine::task_change_operation("Resolve"));
    return change(api, req, engine::resolve_edit(), *vars);
  });
  router.add(Method::kPost, "/engine-rest/task/{id}/identity-links",
             [api](Request& req) { return identity_link(api, req, true); });
  router.add(Method::kPost, "/engine-rest/task/{id}/identity-links/delete",
             [api](Request& req) { return identity_link(api, req, false); });
}

}  // namespace dpc::http

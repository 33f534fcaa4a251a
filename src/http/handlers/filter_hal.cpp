// HAL task lists for the filter resource (see filter_hal.h).
#include "filter_hal.h"

#include <map>
#include <set>
#include <string>

#include "dpc/http/variable_json.h"
#include "dto.h"
#include "repository_dto.h"

namespace dpc::http {

using nlohmann::json;

namespace {

json link(const std::string& href) { return {{"href", href}}; }
json link_or_null(const std::string& prefix, const std::string& id) {
  return {{"href", id.empty() ? json(nullptr) : json(prefix + id)}};
}

json hal_user(const identity::User& u) {
  return {{"_links", {{"self", link("/user/" + u.id + "/profile")}}}, {"_embedded", nullptr},
          {"id", u.id}, {"firstName", u.first_name}, {"lastName", u.last_name}, {"email", u.email}};
}

json hal_group(const identity::Group& g) {
  return {{"_links", {{"self", link("/group/" + g.id)}}}, {"_embedded", nullptr},
          {"id", g.id}, {"name", g.name}, {"type", g.type}};
}

json hal_identity_link(const std::string& task_id, const std::string& type, const std::string& user,
                       const std::string& group) {
  return {{"_links", {{"group", link_or_null("/group/", group)}, {"self", {{"href", nullptr}}},
                      {"task", link("/task/" + task_id)}, {"user", link_or_null("/user/", user)}}},
          {"_embedded", nullptr}, {"type", type}, {"userId", text_or_null(user)},
          {"groupId", text_or_null(group)}, {"taskId", task_id}};
}

json hal_definition(const engine::ProcessDefinitionRecord& d) {
  json out = process_definition_dto(d);
  out["_links"] = {{"deployment", link("/deployment/" + d.deployment_id)},
                   {"self", link("/process-definition/" + d.id)},
                   {"resource", link("/deployment/" + d.deployment_id + "/resources/" + d.resource_name)}};
  out["_embedded"] = nullptr;
  out["contextPath"] = nullptr;
  return out;
}

}  // namespace

json hal_task_list(TasklistApi api, const Request& req, const std::vector<engine::TaskRecord>& tasks,
                   long long count, const std::vector<std::string>& variable_names) {
  std::set<std::string> user_ids, group_ids, definition_ids;
  for (const auto& t : tasks) {
    if (!t.assignee.empty()) user_ids.insert(t.assignee);
    if (!t.owner.empty()) user_ids.insert(t.owner);
    group_ids.insert(t.candidate_groups.begin(), t.candidate_groups.end());
    definition_ids.insert(t.process_definition_id);
  }
  // Users and groups as the caller may read them (Camunda resolves them with its queries).
  std::map<std::string, identity::Group> groups;
  json assignees = json::array();
  if (api.identity && req.principal) {
    identity::UserQuery uq;
    uq.id_in.assign(user_ids.begin(), user_ids.end());
    if (!uq.id_in.empty()) {
      if (auto users = api.identity->users(*req.principal, uq)) {
        for (const auto& u : *users) assignees.push_back(hal_user(u));
      }
    }
    identity::GroupQuery gq;
    gq.id_in.assign(group_ids.begin(), group_ids.end());
    if (!gq.id_in.empty()) {
      if (auto found = api.identity->groups(*req.principal, gq)) {
        for (auto& g : *found) groups[g.id] = g;
      }
    }
  }
  json definitions = json::array();
  if (api.repository) {
    for (const auto& id : definition_ids) {
      if (auto d = api.repository->definition(id)) definitions.push_back(hal_definition(*d));
    }
  }
  json list = json::array();
  for (const auto& t : tasks) {
    json h = task_dto(t);
    h["_links"] = {{"assignee", link_or_null("/user/", t.assignee)},
                   {"execution", link("/execution/" + t.execution_id)},
                   {"identityLink", link("/task/" + t.id + "/identity-links")},
                   {"owner", link_or_null("/user/", t.owner)},
                   {"processDefinition", link("/process-definition/" + t.process_definition_id)},
                   {"processInstance", link("/process-instance/" + t.process_instance_id)},
                   {"self", link("/task/" + t.id)}};
    json links = json::array(), candidate_groups = json::array();
    if (!t.assignee.empty()) links.push_back(hal_identity_link(t.id, "assignee", t.assignee, ""));
    if (!t.owner.empty()) links.push_back(hal_identity_link(t.id, "owner", t.owner, ""));
    for (const auto& u : t.candidate_users) links.push_back(hal_identity_link(t.id, "candidate", u, ""));
    for (const auto& g : t.candidate_groups) {
      links.push_back(hal_identity_link(t.id, "candidate", "", g));
      auto it = groups.find(g);
      if (it != groups.end()) candidate_groups.push_back(hal_group(it->second));
    }
    json variables = json::array();
    if (!variable_names.empty()) {
      if (auto vars = api.runtime.work.task_variables(t.id, false)) {
        for (const auto& name : variable_names) {
          auto it = vars->find(name);
          if (it == vars->end()) continue;
          json v = variable_to_json(it->second);
          v["name"] = name;
          v["_links"] = json::object();
          v["_embedded"] = nullptr;
          variables.push_back(std::move(v));
        }
      }
    }
    h["_embedded"] = {{"candidateGroups", candidate_groups}, {"identityLink", links}, {"variable", variables}};
    list.push_back(std::move(h));
  }
  return {{"_links", {{"self", link("/task")}}},
          {"_embedded", {{"assignee", assignees}, {"processDefinition", definitions}, {"task", list}}},
          {"count", count}};
}

}  // namespace dpc::http

// The task query (GET/POST /engine-rest/task and the filter resource): parameters to
// engine::TaskQuery, and the list under the caller's task visibility.
#include "task_list.h"

#include <nlohmann/json.hpp>

#include "dpc/http/authorize.h"
#include "variable_conditions.h"

namespace dpc::http {

using nlohmann::json;

namespace {

// processVariables / taskVariables: the entries of a query string's comma-separated list,
// or the {"name","operator","value"} objects of a JSON body's array (which Params hands over
// as their JSON text).
Result<std::vector<engine::VariableCondition>> variable_conditions(const Params& p,
                                                                   const std::string& param) {
  std::vector<engine::VariableCondition> out;
  for (const std::string& entry : p.list(param)) {
    if (!entry.empty() && entry.front() == '{') {
      json item = json::parse(entry, nullptr, false);
      auto conds = conditions_from_json(json::array({item}), param);
      if (!conds) return conds.error();
      out.push_back(std::move(conds->front()));
      continue;
    }
    auto c = condition_from_text(entry, param);
    if (!c) return c.error();
    out.push_back(std::move(*c));
  }
  return out;
}

}  // namespace

Result<engine::TaskQuery> task_query(const Params& p) {
  engine::TaskQuery q;
  q.task_id = p.text("taskId");
  q.assignee = p.text("assignee");
  q.assignee_like = p.text("assigneeLike");
  q.owner = p.text("owner");
  q.candidate_user = p.text("candidateUser");
  q.candidate_group = p.text("candidateGroup");
  q.candidate_groups = p.list("candidateGroups");
  // An empty JSON list (a filter's ${currentUserGroups()} for a user in no group) matches
  // no task rather than dropping the condition; no group is named "".
  if (q.candidate_groups.empty() && p.text("candidateGroups") == "[]") q.candidate_groups = {""};
  q.process_instance_id = p.text("processInstanceId");
  q.process_instance_business_key = p.text("processInstanceBusinessKey");
  q.process_instance_business_key_like = p.text("processInstanceBusinessKeyLike");
  q.process_definition_id = p.text("processDefinitionId");
  q.process_definition_key = p.text("processDefinitionKey");
  q.process_definition_key_in = p.list("processDefinitionKeyIn");
  q.task_definition_key = p.text("taskDefinitionKey");
  q.task_definition_key_in = p.list("taskDefinitionKeyIn");
  q.execution_id = p.text("executionId");
  q.name = p.text("name");
  q.name_like = p.text("nameLike");
  q.delegation_state = p.text("delegationState");
  if (q.delegation_state && *q.delegation_state != "PENDING" && *q.delegation_state != "RESOLVED") {
    return Error::invalid("Valid values for property 'delegationState' are 'PENDING' or 'RESOLVED', but was '" +
                          *q.delegation_state + "'");
  }
  for (auto [name, out] : {std::pair{"unassigned", &q.unassigned}, std::pair{"assigned", &q.assigned},
                           std::pair{"withCandidateGroups", &q.with_candidate_groups},
                           std::pair{"withoutCandidateGroups", &q.without_candidate_groups}}) {
    auto f = p.flag(name);
    if (!f) return f.error();
    *out = *f;
  }
  std::pair<const char*, std::optional<engine::Millis>*> dates[] = {
      {"dueBefore", &q.due_before}, {"dueAfter", &q.due_after},
      {"followUpBefore", &q.follow_up_before}, {"followUpAfter", &q.follow_up_after},
      {"createdBefore", &q.created_before}, {"createdAfter", &q.created_after}};
  for (auto [name, out] : dates) {
    auto d = p.date(name);
    if (!d) return d.error();
    if (*d) *out = **d;
  }
  std::pair<const char*, std::optional<int>*> ints[] = {
      {"priority", &q.priority}, {"minPriority", &q.min_priority}, {"maxPriority", &q.max_priority}};
  for (auto [name, out] : ints) {
    auto i = p.integer(name);
    if (!i) return i.error();
    if (*i) *out = static_cast<int>(**i);
  }
  auto active = p.boolean("active");
  if (!active) return active.error();
  auto suspended = p.boolean("suspended");
  if (!suspended) return suspended.error();
  if (*active) q.suspended = !**active;
  if (*suspended) q.suspended = **suspended;
  for (auto [name, out] : {std::pair{"processVariables", &q.process_variables},
                           std::pair{"taskVariables", &q.task_variables}}) {
    auto vars = variable_conditions(p, name);
    if (!vars) return vars.error();
    *out = std::move(*vars);
  }
  auto sorting = p.sorting({"instanceId", "dueDate", "executionId", "assignee", "created",
                            "lastUpdated", "followUpDate", "description", "id", "name",
                            "nameCaseInsensitive", "priority", "tenantId"});
  if (!sorting) return sorting.error();
  for (const auto& s : *sorting) q.sorting.push_back({s.by, s.descending});
  auto paging = p.paging();
  if (!paging) return paging.error();
  q.page = {paging->first, paging->second};
  return q;
}

namespace {

Status apply_visibility(const Request& req, engine::TaskQuery& q) {
  VisibilityRule rule;
  rule.definition_permission = identity::perm::kReadTask;
  rule.tasks = true;
  auto visible = visibility(req, rule);
  if (!visible) return visible.error();
  q.visibility = std::move(*visible);
  return {};
}

}  // namespace

Result<std::vector<engine::TaskRecord>> visible_tasks(RuntimeApi api, const Request& req,
                                                      engine::TaskQuery q) {
  if (Status st = apply_visibility(req, q); !st) return st.error();
  return api.work.find_tasks(q);
}

Result<long long> count_visible_tasks(RuntimeApi api, const Request& req, engine::TaskQuery q) {
  if (Status st = apply_visibility(req, q); !st) return st.error();
  return api.work.count_tasks(q);
}

}  // namespace dpc::http

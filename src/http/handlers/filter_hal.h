// Camunda's HAL rendering of a filter's task list (Accept: application/hal+json), as the
// Camunda Tasklist reads it: {"_links", "_embedded": {"task": [...], "assignee": [...],
// "processDefinition": [...]}, "count"}, each task with "_links" and "_embedded"
// {"candidateGroups", "identityLink", "variable"}.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "dpc/engine/model.h"
#include "dpc/http/handlers/tasklist_routes.h"

namespace dpc::http {

// `variable_names`: the filter's properties.variables names whose values each task embeds.
nlohmann::json hal_task_list(TasklistApi api, const Request& req,
                             const std::vector<engine::TaskRecord>& tasks, long long count,
                             const std::vector<std::string>& variable_names);

}  // namespace dpc::http

// Who may read, work on or assign one user task, in Camunda 7's terms (authorization
// enabled, default task permissions): the assignee, candidate users and members of candidate
// groups may read and work on it; otherwise the caller needs a permission on the task
// (resource 7) or on its process definition key (resource 6). Administrators may do all.
#pragma once

#include <string>

#include "dpc/core/result.h"
#include "dpc/engine/work_queries.h"
#include "dpc/http/message.h"

namespace dpc::http {

enum class TaskAccess {
  kRead,    // assignee/candidate, READ on the task or READ_TASK on the definition
  kWork,    // assignee/candidate, UPDATE/TASK_WORK on the task or UPDATE_TASK/TASK_WORK on it
  kAssign,  // TASK_ASSIGN/UPDATE on the task or UPDATE_TASK/TASK_ASSIGN on the definition
};

// The task `id` when the caller may do `access` on it. kNotFound (`not_found_message`) when
// there is no such task, 401 without a principal, 403 AuthorizationException otherwise.
Result<engine::TaskRecord> task_for(const Request& req, engine::WorkStore& work,
                                    const std::string& id, TaskAccess access,
                                    const std::string& not_found_message);

// Whether the caller is the task's assignee, a candidate user or in a candidate group.
bool involved_in(const Request& req, const engine::TaskRecord& task);

}  // namespace dpc::http

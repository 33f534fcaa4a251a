// Camunda 7's rules for changing a running user task (TaskEntity.delegate/resolve, TaskDto's
// update, identity links), as edits for RuntimeService::change_task. Pure functions; the
// edits they return are called under the instance lock and change nothing on error.
#pragma once

#include <optional>
#include <string>

#include "dpc/core/result.h"
#include "dpc/core/user_operation.h"
#include "dpc/engine/runtime_service.h"

namespace dpc::engine {

// PUT /task/{id}: every property is replaced, absent ones become empty as in Camunda's
// TaskDto.updateTask (the delegation state only when given).
struct TaskUpdate {
  std::string name, description, assignee, owner;
  std::optional<std::string> delegation_state;  // "PENDING" or "RESOLVED" (checked by REST)
  int priority = 50;
  std::optional<Millis> due, follow_up;
};
RuntimeService::TaskEdit update_task_edit(TaskUpdate update);

// delegate: the task becomes PENDING, the owner is the current assignee unless one is set
// already, and the assignee is `user_id`.
RuntimeService::TaskEdit delegate_edit(std::string user_id);

// resolve: the task becomes RESOLVED and goes back to its owner (assignee = owner).
RuntimeService::TaskEdit resolve_edit();

// An identity link of a task (POST /task/{id}/identity-links and .../delete): type
// "candidate" with a user or a group, "assignee" or "owner" with a user. Any other type, a
// group with assignee/owner, or both or neither of user and group: kInvalidArgument.
struct TaskIdentityLink {
  std::string user_id, group_id, type;
};
Result<RuntimeService::TaskEdit> identity_link_edit(TaskIdentityLink link, bool add);

// What the user operation log records for these changes (open it in a UserOperationScope around
// the change; a PUT needs none: RuntimeService::change_task logs "Update" by default). The
// changed properties of the task are added by change_task, except for identity links, which
// name the link (Camunda: entity IdentityLink, property = the link's type, new or original
// value = the user or group).
UserOperation task_change_operation(const char* type);  // "Delegate", "Resolve"
UserOperation identity_link_operation(const TaskIdentityLink& link, bool add);
// AddAttachment / DeleteAttachment on `task` (entity Attachment, property name).
UserOperation attachment_operation(const TaskRecord& task, bool add, const std::string& name);

}  // namespace dpc::engine

// Assignee changes of a running user task over REST (claim, unclaim, setAssignee): they run
// inside the instance so that the task's `update` and `assignment` listeners fire, as in
// Camunda, and whatever those listeners change is written with the task.
#include "instance_run.h"
#include "scripts.h"

namespace dpc::engine {

Status InstanceRun::assign_task(const std::string& task_id, const std::string& assignee,
                                const std::optional<std::string>& claimer) {
  const TaskRecord* task = tasks_.find(task_id);
  if (!task) return Error::not_found("Cannot find task with id " + task_id);
  // Claim refuses a task someone else holds (Camunda's TaskAlreadyClaimedException).
  if (claimer && !task->assignee.empty() && task->assignee != *claimer) {
    return Error::conflict("Task '" + task_id + "' is already claimed by someone else.",
                           "TaskAlreadyClaimedException");
  }
  // Setting the assignee it already has changes nothing and fires nothing.
  if (task->assignee == assignee) return {};
  TaskRecord* m = modify_task(task_id);
  m->assignee = assignee;
  m->last_updated = now();
  record_task_history_update(*m);
  // Camunda's order: `update` (a property changed), then `assignment` (listeners.cpp).
  if (auto st = fire_task_listeners(*this, task_id, "update"); !st) return st;
  return fire_task_listeners(*this, task_id, "assignment");
}

}  // namespace dpc::engine

// Changes of a running user task's own properties over REST (PUT /task/{id}, delegate,
// resolve, identity links): like assign_task they run inside the instance, so that the
// task's `update` and `assignment` listeners fire as in Camunda and the history row follows.
#include "instance_run.h"
#include "scripts.h"

namespace dpc::engine {

Status InstanceRun::edit_task(const std::string& task_id,
                              const std::function<Status(TaskRecord&)>& edit,
                              const VariableMap& variables) {
  const TaskRecord* task = tasks_.find(task_id);
  if (!task) return Error::not_found("Cannot find task with id " + task_id);
  TaskRecord changed = *task;
  if (Status st = edit(changed); !st) return st;
  for (const auto& [name, value] : variables) set_variable(changed.execution_id, name, value);
  bool assignee_changed = changed.assignee != task->assignee;
  TaskRecord* m = modify_task(task_id);
  changed.last_updated = now();
  *m = std::move(changed);
  record_task_history_update(*m);
  if (auto st = fire_task_listeners(*this, task_id, "update"); !st) return st;
  if (!assignee_changed) return {};
  return fire_task_listeners(*this, task_id, "assignment");
}

}  // namespace dpc::engine

// The engine's part of the user operation log, see operation_log.h.
#include "operation_log.h"

namespace dpc::engine {

namespace {

OperationContext instance_context(const ProcessInstanceRecord& instance, const std::string& deployment_id) {
  OperationContext c;
  c.process_instance_id = instance.id;
  c.process_definition_id = instance.definition_id;
  c.process_definition_key = instance.definition_key;
  c.deployment_id = deployment_id;
  return c;
}

}  // namespace

Result<std::optional<InstanceSnapshot>> OperationLogTransaction::lock_instance(const std::string& id) {
  auto snapshot = ForwardingTransaction::lock_instance(id);
  if (snapshot && *snapshot && !first_instance_) first_instance_ = (*snapshot)->instance;
  return snapshot;
}

Status OperationLogTransaction::write(const ChangeSet& changes) {
  if (logged_ || !pending_user_operation()) return inner_.write(changes);
  const ProcessInstanceRecord* instance = first_instance_ ? &*first_instance_
                                          : changes.instance_inserted ? &*changes.instance_inserted
                                          : changes.instance_updated ? &*changes.instance_updated
                                                                     : nullptr;
  if (!instance) return inner_.write(changes);
  // The definition is cached while its instance runs; without it the entry has no deployment.
  auto process = definitions_.cached_process(instance->definition_id);
  ChangeSet with_log = changes;
  if (!add_user_operation(with_log, *instance, process ? process->deployment_id : "", now_)) {
    return inner_.write(changes);
  }
  logged_ = true;
  return inner_.write(with_log);
}

bool add_user_operation(ChangeSet& changes, const ProcessInstanceRecord& instance,
                        const std::string& deployment_id, Millis now) {
  UserOperation* op = pending_user_operation();
  if (!op) return false;
  note_user_operation_context(instance_context(instance, deployment_id));
  auto entries = user_operation_entries(*op, now);
  if (entries.empty()) return false;
  for (auto& e : entries) changes.user_operations.push_back(std::move(e));
  return true;
}

OperationContext task_context(const TaskRecord& task) {
  OperationContext c;
  c.task_id = task.id;
  c.execution_id = task.execution_id;
  c.process_instance_id = task.process_instance_id;
  c.process_definition_id = task.process_definition_id;
  c.process_definition_key = task.process_definition_key;
  return c;
}

UserOperation operation(const char* type, const char* entity_type, const char* category,
                        std::vector<PropertyChange> changes) {
  UserOperation op;
  op.type = type;
  op.entity_type = entity_type;
  op.category = category;
  op.changes = std::move(changes);
  return op;
}

UserOperation task_operation(const char* type, const std::string& task_id,
                             std::vector<PropertyChange> changes) {
  UserOperation op = operation(type, "Task", kCategoryTaskWorker, std::move(changes));
  op.context.task_id = task_id;
  return op;
}

UserOperation variable_operation(const VariableMap& modifications,
                                 const std::vector<std::string>& deletions, const char* category) {
  const char* type = deletions.empty() ? "SetVariable"
                     : modifications.empty() ? "RemoveVariable" : "ModifyVariable";
  return operation(type, "Variable", category);
}

std::optional<std::string> text_or_none(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

namespace {

std::optional<std::string> millis_or_none(const std::optional<Millis>& ms) {
  if (!ms) return std::nullopt;
  return std::to_string(*ms);
}

}  // namespace

void note_task_changes(const TaskRecord& before, const TaskRecord& after) {
  UserOperation* op = pending_user_operation();
  if (!op || !op->changes.empty()) return;
  auto differ = [op](const char* property, std::optional<std::string> was, std::optional<std::string> now) {
    if (was != now) op->changes.push_back({property, std::move(was), std::move(now)});
  };
  differ("assignee", text_or_none(before.assignee), text_or_none(after.assignee));
  differ("owner", text_or_none(before.owner), text_or_none(after.owner));
  differ("name", text_or_none(before.name), text_or_none(after.name));
  differ("description", text_or_none(before.description), text_or_none(after.description));
  differ("priority", std::to_string(before.priority), std::to_string(after.priority));
  differ("dueDate", millis_or_none(before.due), millis_or_none(after.due));
  differ("followUpDate", millis_or_none(before.follow_up), millis_or_none(after.follow_up));
  differ("delegation", text_or_none(before.delegation_state), text_or_none(after.delegation_state));
}

void note_task(const TaskRecord& task) {
  note_user_operation_context(task_context(task));
  note_user_operation_org_value("assignee", text_or_none(task.assignee));
  note_user_operation_org_value("owner", text_or_none(task.owner));
  note_user_operation_org_value("name", text_or_none(task.name));
  note_user_operation_org_value("description", text_or_none(task.description));
  note_user_operation_org_value("priority", std::to_string(task.priority));
  if (task.due) note_user_operation_org_value("dueDate", std::to_string(*task.due));
  if (task.follow_up) note_user_operation_org_value("followUpDate", std::to_string(*task.follow_up));
}


}  // namespace dpc::engine

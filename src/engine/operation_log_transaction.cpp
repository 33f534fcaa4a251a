// The engine's part of the user operation log, see operation_log_transaction.h.
#include "operation_log_transaction.h"

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

}  // namespace dpc::engine

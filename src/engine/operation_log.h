// The engine's part of the user operation log (dpc/core/user_operation.h), private to the
// engine module:
//   * the descriptions of the operations RuntimeService commands perform (Camunda's
//     operation types, entity types, categories and properties), opened by each command as a
//     DefaultUserOperation (a caller's own description wins);
//   * OperationLogTransaction, which gives the pending operation the ids of the instance the
//     command works on and puts its entries into the command's ChangeSet, so the store
//     writes them in the command's own transaction.
// A new command that should be logged opens its description, e.g.
//   DefaultUserOperation logged(task_operation("SetOwner", id, {{"owner", std::nullopt, owner}}));
// and, once it holds the task, calls note_task(*task) (ids and orgValues of the task's
// properties); nothing else is needed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/engine/runtime_service.h"

namespace dpc::engine {

// ---- descriptions ----

UserOperation operation(const char* type, const char* entity_type, const char* category,
                        std::vector<PropertyChange> changes = {});
// Entity Task, category TaskWorker, for task `task_id`.
UserOperation task_operation(const char* type, const std::string& task_id,
                             std::vector<PropertyChange> changes = {});
// SetVariable, RemoveVariable or (both at once) ModifyVariable, entity Variable.
UserOperation variable_operation(const VariableMap& modifications,
                                 const std::vector<std::string>& deletions, const char* category);
// "" as no value (null in the log).
std::optional<std::string> text_or_none(const std::string& s);

// The ids an operation on `task` refers to.
OperationContext task_context(const TaskRecord& task);
// Adds the task's ids to the pending operation, and to its changes of the task's
// properties (assignee, owner, name, description, priority, dueDate, followUpDate) without
// an original value the value they have now (call it before changing the task).
void note_task(const TaskRecord& task);
// When the pending operation lists no changes of its own: one change per property of the task
// that differs between `before` and `after` (Camunda's names: assignee, owner, name,
// description, priority, dueDate, followUpDate, delegation), so an update logs what it changed.
void note_task_changes(const TaskRecord& before, const TaskRecord& after);

// ---- writing ----

// Decorates a command's transaction: remembers the first instance the command locks, and
// adds the pending operation's entries (once) to the first ChangeSet the command writes.
class OperationLogTransaction : public ForwardingTransaction {
 public:
  OperationLogTransaction(RuntimeTransaction& inner, ProcessDefinitionSource& definitions, Millis now)
      : ForwardingTransaction(inner), definitions_(definitions), now_(now) {}

  Result<std::optional<InstanceSnapshot>> lock_instance(const std::string& id) override;
  Status write(const ChangeSet& changes) override;

  // Whether the entries went into a write (they are committed when the transaction is).
  bool logged() const { return logged_; }

 private:
  ProcessDefinitionSource& definitions_;
  Millis now_;
  std::optional<ProcessInstanceRecord> first_instance_;
  bool logged_ = false;
};

// Adds the pending operation's entries to `changes` with the ids of `instance` (a start,
// which writes outside a command transaction). True when it added any.
bool add_user_operation(ChangeSet& changes, const ProcessInstanceRecord& instance,
                        const std::string& deployment_id, Millis now);

}  // namespace dpc::engine

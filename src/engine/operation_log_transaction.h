// The engine's part of the user operation log (dpc/core/user_operation.h): it gives the
// pending operation the ids of the instance a command works on and puts its entries into the
// command's ChangeSet, so the store writes them in the command's own transaction.
#pragma once

#include "dpc/engine/runtime_service.h"

namespace dpc::engine {

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

// The ids an operation on `task` refers to.
OperationContext task_context(const TaskRecord& task);

}  // namespace dpc::engine

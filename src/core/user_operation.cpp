// The thread-local operation description of user_operation.h and its entries.
#include "dpc/core/user_operation.h"

#include "dpc/core/authenticated_user.h"
#include "dpc/core/strings.h"

namespace dpc {

namespace {
thread_local UserOperationScope* current = nullptr;
}  // namespace

std::vector<UserOperationEntry> user_operation_entries(const UserOperation& op, std::int64_t now) {
  std::vector<UserOperationEntry> out;
  const AuthenticatedUser* user = authenticated_user();
  if (!user || user->id.empty()) return out;
  UserOperationEntry base;
  base.operation_id = new_uuid();
  base.user_id = user->id;
  base.timestamp = now;
  base.operation_type = op.type;
  base.entity_type = op.entity_type;
  base.category = op.category;
  base.context = op.context;
  base.annotation = op.annotation;
  if (op.changes.empty()) {
    base.id = new_uuid();
    out.push_back(std::move(base));
    return out;
  }
  for (const auto& change : op.changes) {
    UserOperationEntry e = base;
    e.id = new_uuid();
    if (!change.property.empty()) e.property = change.property;
    e.org_value = change.org_value;
    e.new_value = change.new_value;
    out.push_back(std::move(e));
  }
  return out;
}

UserOperationScope::UserOperationScope(UserOperation op) : op_(std::move(op)), previous_(current) {
  current = this;
}

UserOperationScope::~UserOperationScope() { current = previous_; }

UserOperation* pending_user_operation() {
  if (!current || current->written_) return nullptr;
  return &current->op_;
}

void mark_user_operation_written() {
  if (current) current->written_ = true;
}

void note_user_operation_context(const OperationContext& known) {
  UserOperation* op = pending_user_operation();
  if (!op) return;
  OperationContext& c = op->context;
  auto fill = [](std::string& field, const std::string& value) {
    if (field.empty()) field = value;
  };
  fill(c.deployment_id, known.deployment_id);
  fill(c.process_definition_id, known.process_definition_id);
  fill(c.process_definition_key, known.process_definition_key);
  fill(c.process_instance_id, known.process_instance_id);
  fill(c.execution_id, known.execution_id);
  fill(c.task_id, known.task_id);
  fill(c.job_id, known.job_id);
  fill(c.job_definition_id, known.job_definition_id);
  fill(c.external_task_id, known.external_task_id);
  fill(c.batch_id, known.batch_id);
}

void note_user_operation_org_value(const std::string& property,
                                   const std::optional<std::string>& org_value) {
  UserOperation* op = pending_user_operation();
  if (!op) return;
  for (auto& change : op->changes) {
    if (change.property == property && !change.org_value) change.org_value = org_value;
  }
}

std::vector<UserOperationEntry> take_user_operation_entries(std::int64_t now) {
  UserOperation* op = pending_user_operation();
  if (!op) return {};
  mark_user_operation_written();
  return user_operation_entries(*op, now);
}

}  // namespace dpc

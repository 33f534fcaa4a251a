// Camunda 7's user operation log (the audit trail): who did what to which entity, when, and
// what changed. One mechanism for every module:
//
//   1. The command or service that performs an operation describes it (a UserOperation: type,
//      entity type, category, the properties it changes, the ids it knows) in a
//      UserOperationScope around its work. The description is thread-local, like the
//      AuthenticatedScope it reads the user from.
//   2. The code that holds the instance fills in what only it knows (the engine adds the
//      process instance, definition and deployment ids under the instance lock).
//   3. The store writes the entries IN THE SAME TRANSACTION as the operation's other changes
//      (the engine puts them in its ChangeSet; other stores call their write hook before they
//      commit), so a failed operation logs nothing and a committed one is never missing.
//
// As in Camunda (restrictUserOperationLogToAuthenticatedUsers), only operations performed by
// an authenticated user are logged: the job executor, start-up work and tests without a user
// write nothing. Each scope's operation is written once, by the first transaction that
// commits it (see mark_written).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dpc {

// Camunda's categories (UserOperationLogEntry.CATEGORY_*).
inline constexpr const char* kCategoryTaskWorker = "TaskWorker";
inline constexpr const char* kCategoryOperator = "Operator";
inline constexpr const char* kCategoryAdmin = "Admin";

// One changed property; both values absent for an entry without a property (Camunda's
// PropertyChange.EMPTY_CHANGE).
struct PropertyChange {
  std::string property;
  std::optional<std::string> org_value, new_value;
};

// The ids an entry refers to ("" = none; Camunda answers null).
struct OperationContext {
  std::string deployment_id, process_definition_id, process_definition_key;
  std::string process_instance_id, execution_id, task_id, job_id, job_definition_id;
  std::string external_task_id, batch_id;
};

// One operation as its performer describes it.
struct UserOperation {
  std::string type;         // Camunda's operation type: "Claim", "Create", "SetJobRetries"...
  std::string entity_type;  // "Task", "ProcessInstance", "Variable", "User"...
  std::string category;     // kCategory*
  OperationContext context;
  std::vector<PropertyChange> changes;  // one entry each; none = one entry without property
  std::string annotation;
};

// One row of the log (an operation has one per changed property, sharing operation_id).
struct UserOperationEntry {
  std::string id, operation_id, user_id;
  std::int64_t timestamp = 0;
  std::string operation_type, entity_type, category;
  OperationContext context;
  std::optional<std::string> property, org_value, new_value;
  std::string annotation;
};

// The entries of `op` made by the authenticated user at `now` (empty without one).
std::vector<UserOperationEntry> user_operation_entries(const UserOperation& op, std::int64_t now);

// Describes the operation this thread performs for the scope's lifetime (nested scopes hide
// the outer one until they end). Not copyable.
class UserOperationScope {
 public:
  explicit UserOperationScope(UserOperation op);
  ~UserOperationScope();
  UserOperationScope(const UserOperationScope&) = delete;
  UserOperationScope& operator=(const UserOperationScope&) = delete;

  UserOperation& operation() { return op_; }
  bool written() const { return written_; }

 private:
  friend UserOperation* pending_user_operation();
  friend void mark_user_operation_written();
  UserOperation op_;
  bool written_ = false;
  UserOperationScope* previous_;
};

// The operation of this thread's innermost scope while it still has to be written, else
// nullptr (no scope, or already written). Callers may add to it (context, changes).
UserOperation* pending_user_operation();

// Records that the pending operation's entries were committed (or handed to a transaction
// that will commit them), so later transactions in the same scope do not write it again.
void mark_user_operation_written();

// Adds what the code holding the target knows to the pending operation (if any): empty
// context fields from `known`, and for each change of `property` without an original value,
// `org_value` (Camunda's orgValue: the value before the operation).
void note_user_operation_context(const OperationContext& known);
void note_user_operation_org_value(const std::string& property, const std::optional<std::string>& org_value);

// Describes an operation unless this thread's caller already did: an outer description wins
// (a caller that logs a form submission is not logged again as the task completion inside).
class DefaultUserOperation {
 public:
  explicit DefaultUserOperation(UserOperation op) {
    if (!pending_user_operation()) scope_.emplace(std::move(op));
  }

 private:
  std::optional<UserOperationScope> scope_;
};

// The pending operation's entries for a store to write in its current transaction, marked
// written (empty when there is nothing to write).
std::vector<UserOperationEntry> take_user_operation_entries(std::int64_t now);

}  // namespace dpc

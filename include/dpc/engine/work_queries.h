// Storage port for the work that people and workers pick up: user tasks (list, claim,
// assign) and external tasks (fetch-and-lock, lock changes, failures). Commands that move
// a process on (completing either kind) go through RuntimeService instead.
// Implementations are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"
#include "dpc/engine/model.h"
#include "dpc/engine/visibility.h"

namespace dpc::engine {

struct Page {
  long long first_result = 0;
  long long max_results = -1;  // -1 = all
};

struct SortKey {
  std::string column;  // a column the store knows (validated by the REST layer)
  bool descending = false;
};

// A condition on a variable: `name op value`. Numbers compare with Short, Integer, Long and
// Double variables; strings with String variables (and with Date variables when the string
// is a date); booleans with Boolean variables. `like` and `notLike` apply to strings only.
// `untyped`: the value came from a query string, where its type is unknown, so a String
// value also compares as a number, a boolean or a date when it reads as one. Used by the
// process instance query (variables) and the task query (processVariables, taskVariables).
struct VariableCondition {
  enum class Op { kEq, kNeq, kGt, kGteq, kLt, kLteq, kLike, kNotLike };
  std::string name;
  Op op = Op::kEq;
  TypedValue value;
  bool untyped = false;
};

struct TaskQuery {
  std::optional<std::string> task_id, assignee, assignee_like, owner, candidate_user,
      candidate_group, process_instance_id, process_instance_business_key,
      process_definition_id, process_definition_key, task_definition_key, name, name_like,
      execution_id, process_instance_business_key_like, delegation_state;
  std::vector<std::string> candidate_groups;         // candidateGroups (any of)
  std::vector<std::string> task_definition_key_in;
  std::vector<std::string> process_definition_key_in;
  bool unassigned = false, assigned = false, with_candidate_groups = false,
       without_candidate_groups = false;
  std::optional<Millis> due_before, due_after, follow_up_before, follow_up_after,
      created_before, created_after;
  std::optional<int> priority, min_priority, max_priority;
  std::optional<bool> suspended;
  std::vector<VariableCondition> task_variables;     // the task's local variables
  std::vector<VariableCondition> process_variables;  // the instance's variables
  std::vector<SortKey> sorting;
  Page page;
  Visibility visibility;  // the caller's task visibility (see visibility.h), in the SQL
};

struct ExternalTaskQuery {
  std::optional<std::string> id, topic, worker_id, process_instance_id, process_definition_id,
      activity_id, execution_id;
  std::optional<bool> locked, not_locked, with_retries_left, no_retries_left, suspended;
  std::vector<SortKey> sorting;
  Page page;
  Visibility visibility;  // by definition key or instance id (see visibility.h), in the SQL
};

struct FetchTopic {
  std::string name;
  Millis lock_duration = 0;
  std::vector<std::string> variables;  // empty + all_variables = every variable
  bool all_variables = true;
  bool local_variables = false;
  std::optional<std::string> business_key;
  std::optional<std::string> process_definition_key;
};

struct LockedTask {
  ExternalTaskRecord task;
  VariableMap variables;
};

class WorkStore {
 public:
  virtual ~WorkStore() = default;

  virtual Result<std::vector<TaskRecord>> find_tasks(const TaskQuery& q) = 0;
  virtual Result<long long> count_tasks(const TaskQuery& q) = 0;
  virtual Result<std::optional<TaskRecord>> task(const std::string& id) = 0;
  // Assignee changes run inside the instance (RuntimeService::set_task_assignee) so that
  // task listeners fire.

  virtual Result<std::vector<ExternalTaskRecord>> find_external_tasks(const ExternalTaskQuery& q) = 0;
  virtual Result<long long> count_external_tasks(const ExternalTaskQuery& q) = 0;
  virtual Result<std::optional<ExternalTaskRecord>> external_task(const std::string& id) = 0;
  // Locks up to `max_tasks` unlocked tasks of the topics for `worker_id` (SKIP LOCKED, so
  // concurrent fetches never get the same task) and returns them with their variables.
  // Only tasks whose process definition key `definitions` allows are considered (the
  // caller's authorizations; others stay unlocked and do not count towards `max_tasks`).
  virtual Result<std::vector<LockedTask>> fetch_and_lock(const std::string& worker_id,
                                                         const std::vector<FetchTopic>& topics,
                                                         int max_tasks, bool use_priority,
                                                         Millis now,
                                                         const IdFilter& definitions) = 0;
  // Variables of a task's scope chain: process variables plus the execution's own.
  virtual Result<VariableMap> task_variables(const std::string& task_id, bool local_only) = 0;
  virtual Result<VariableMap> instance_variables(const std::string& instance_id) = 0;
};

}  // namespace dpc::engine

// The runtime and history records of process execution, as plain structs. The engine
// produces and consumes them; the store persists them (one table each); the REST layer
// renders them. No behaviour here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dpc/core/typed_value.h"

namespace dpc::engine {

using Millis = std::int64_t;  // milliseconds since the Unix epoch

struct ProcessInstanceRecord {
  std::string id;
  std::string definition_id;
  std::string definition_key;
  int definition_version = 0;
  std::string business_key;
  std::string tenant_id;
  // ACTIVE, COMPLETED, EXTERNALLY_TERMINATED, INTERNALLY_TERMINATED (Camunda's history states)
  std::string state = "ACTIVE";
  bool suspended = false;
  Millis start_time = 0;
  std::optional<Millis> end_time;
  std::string start_activity_id;
  std::string end_activity_id;
  std::string delete_reason;
  // A called instance (call activity): the calling instance and its execution waiting in
  // the call activity; empty for instances started otherwise.
  std::string super_process_instance_id;
  std::string super_execution_id;
};

// A token or a scope. The process instance itself is the root execution (id = instance id,
// no parent); an embedded subprocess that is running is a scope execution whose children
// are the tokens inside it.
struct ExecutionRecord {
  enum class State : int {
    kActive = 0,   // moving (only inside a command)
    kWaiting = 1,  // resting in a wait state at activity_id
    kJoining = 2,  // arrived at a joining gateway, waiting for the others
    kScope = 3,    // the root, or a running subprocess with children
  };
  std::string id;
  std::string process_instance_id;
  std::string parent_id;             // empty for the root
  std::string activity_id;           // where the token is (empty for the root)
  std::string activity_instance_id;  // the activity instance it is in
  std::string incoming_flow_id;      // the flow it arrived by (joins count distinct flows)
  State state = State::kActive;
};

struct TaskRecord {
  std::string id;
  std::string name;
  std::string description;
  std::string assignee;
  std::string owner;
  std::string process_instance_id;
  std::string execution_id;
  std::string process_definition_id;
  std::string process_definition_key;
  std::string task_definition_key;  // the user task's element id
  std::string activity_instance_id;
  std::string business_key;
  std::string form_key;
  std::string camunda_form_ref;     // camunda:formRef
  std::string tenant_id;
  std::vector<std::string> candidate_users;
  std::vector<std::string> candidate_groups;
  Millis created = 0;
  Millis last_updated = 0;
  std::optional<Millis> due;
  std::optional<Millis> follow_up;
  int priority = 50;
  bool suspended = false;
  // Camunda's DelegationState: "PENDING" after delegate, "RESOLVED" after resolve, "" never
  // delegated.
  std::string delegation_state;
};

struct ExternalTaskRecord {
  std::string id;
  std::string topic;
  std::string worker_id;
  std::string process_instance_id;
  std::string execution_id;
  std::string activity_id;
  std::string activity_instance_id;
  std::string process_definition_id;
  std::string process_definition_key;
  std::string business_key;
  std::string tenant_id;
  std::optional<Millis> lock_expiration;
  std::optional<int> retries;
  std::string error_message;
  std::string error_details;
  std::int64_t priority = 0;
  bool suspended = false;
  Millis created = 0;
};

// What a worker reports with an external task's failure (POST /external-task/{id}/failure).
struct ExternalTaskFailure {
  std::string worker_id;
  std::string message;
  std::string details;
  int retries = 0;           // left after this failure; 0 raises a failedExternalTask incident
  Millis retry_timeout = 0;  // the task stays locked this long, so no worker fetches it earlier
};

// A variable in a scope: scope_id is the execution id of the scope (the instance id for
// process variables), task_id is set for task-local variables.
struct VariableRecord {
  std::string id;
  std::string process_instance_id;
  std::string scope_id;
  std::string task_id;
  std::string name;
  TypedValue value;
};

struct IncidentRecord {
  std::string id;
  std::string type;  // failedJob, failedExternalTask
  std::string message;
  std::string process_instance_id;
  std::string execution_id;
  std::string activity_id;
  std::string process_definition_id;
  std::string configuration;  // the failing job's or external task's id
  Millis created = 0;
};

struct ActivityInstanceRecord {  // history: one per activity instance, updated at its end
  std::string id;
  std::string parent_activity_instance_id;
  std::string activity_id;
  std::string activity_name;
  std::string activity_type;  // BPMN tag name: userTask, exclusiveGateway, ...
  std::string process_instance_id;
  std::string process_definition_id;
  std::string process_definition_key;
  std::string execution_id;
  std::string task_id;
  std::string assignee;
  Millis start_time = 0;
  std::optional<Millis> end_time;
  bool canceled = false;
  bool complete_scope = false;
};

struct HistoricTaskRecord {  // history of a user task: the task as it was, plus its end
  TaskRecord task;
  std::optional<Millis> end_time;
  std::string delete_reason;  // "completed", "deleted", ...
};

struct VariableUpdateRecord {  // history: every write of a variable
  std::string variable_id;
  std::string process_instance_id;
  std::string process_definition_key;
  std::string scope_id;
  std::string task_id;
  std::string activity_instance_id;
  std::string name;
  TypedValue value;
  int revision = 0;
  Millis time = 0;
  bool deleted = false;
  std::string user_id;  // who changed it: the command's authenticated user; empty = none
};

// Append-only engine event for the funnel dashboard.
struct EngineEvent {
  std::string process_instance_id;
  std::string definition_key;
  int definition_version = 0;
  std::string element_id;
  std::string element_type;
  std::string event;  // start, end, cancel; take (element_type "sequenceFlow")
  std::string business_key;
  Millis time = 0;
};

}  // namespace dpc::engine

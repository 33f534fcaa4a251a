// Read-only queries over the runtime and history of process execution: the port behind
// Camunda's GET /process-instance, /history/*, /incident and the statistics resources.
// Plain query structs (filters, sorting, paging) and the records of model.h; no SQL, JSON
// or pqxx here.
//
// Contract of every query struct: an unset optional or an empty list does not filter;
// string filters compare exactly; *_like filters use SQL LIKE patterns (% and _); dates are
// milliseconds since the epoch and "before/after" are inclusive, as in Camunda. Sort keys
// carry the Camunda sortBy names; the REST layer validates them against the names listed
// next to each `sorting`, and the store ignores any other name. Ties are broken by id, so
// paging is stable.
//
// Implementations are thread-safe. Failures are values: kUnavailable when the database
// cannot be reached, kInternal for database errors. "Not found" is an empty optional.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"
#include "dpc/engine/model.h"
#include "dpc/engine/repository.h"
#include "dpc/engine/visibility.h"
#include "dpc/engine/work_queries.h"  // Page, SortKey, VariableCondition

namespace dpc::engine {

// VariableCondition (variables of the process instance query): see work_queries.h.

// Sort: instanceId, definitionKey, definitionId, businessKey, tenantId.
struct ProcessInstanceQuery {
  std::vector<std::string> ids;
  std::optional<std::string> business_key, business_key_like, definition_id, definition_key;
  // Call activities: the instances called by one, or the one that called an instance.
  std::optional<std::string> super_process_instance_id, sub_process_instance_id;
  std::vector<std::string> definition_key_in, definition_key_not_in;
  bool active = false, suspended = false, with_incident = false;
  std::optional<std::string> incident_type;
  std::vector<std::string> activity_id_in;  // a token or running subprocess at one of them
  std::vector<VariableCondition> variables;
  std::vector<SortKey> sorting;
  Visibility visibility;  // READ on the instance or READ_INSTANCE on the key
  Page page;
};

// Sort: instanceId, definitionKey, definitionId, businessKey, startTime, endTime, duration.
struct HistoricProcessInstanceQuery {
  std::optional<std::string> id, definition_id, definition_key, business_key, business_key_like;
  std::optional<std::string> super_process_instance_id;  // instances called by that one
  std::vector<std::string> ids;
  bool finished = false, unfinished = false;
  std::optional<Millis> started_before, started_after, finished_before, finished_after;
  std::optional<std::string> state;  // ACTIVE, SUSPENDED, COMPLETED, *_TERMINATED
  std::vector<SortKey> sorting;
  Visibility visibility;  // READ on the historic instance or READ_HISTORY on the key
  Page page;
};

struct HistoricProcessInstance {
  ProcessInstanceRecord instance;  // state, end_time, delete_reason filled
  std::string definition_name;     // from the repository; empty if unknown
};

// Sort: activityInstanceId, instanceId, executionId, activityId, activityName, activityType,
// startTime, endTime, duration, definitionId.
struct HistoricActivityInstanceQuery {
  std::optional<std::string> activity_instance_id, process_instance_id, process_definition_id,
      activity_id, activity_type, execution_id, task_assignee;
  bool finished = false, unfinished = false, canceled = false, complete_scope = false;
  std::optional<Millis> started_before, started_after, finished_before, finished_after;
  std::vector<SortKey> sorting;
  Visibility visibility;  // as HistoricProcessInstanceQuery
  Page page;
};

// Sort: taskId, activityInstanceId, processDefinitionId, processInstanceId, executionId,
// duration, endTime, startTime, taskName, taskDescription, assignee, owner, dueDate,
// followUpDate, deleteReason, taskDefinitionKey, priority.
struct HistoricTaskQuery {
  std::optional<std::string> task_id, process_instance_id, process_definition_id,
      process_definition_key, task_definition_key, task_assignee, task_name, task_name_like;
  bool finished = false, unfinished = false;
  std::vector<SortKey> sorting;
  Visibility visibility;  // as HistoricProcessInstanceQuery
  Page page;
};

// The latest write of each variable. Sort: instanceId, variableName.
struct HistoricVariableQuery {
  std::optional<std::string> variable_id, variable_name, variable_name_like, process_instance_id;
  std::vector<std::string> process_instance_id_in, task_id_in;
  bool include_deleted = false;
  std::vector<SortKey> sorting;
  Visibility visibility;  // as HistoricProcessInstanceQuery
  Page page;
};

struct HistoricVariableInstance {
  VariableUpdateRecord latest;  // the newest write; `deleted` = state DELETED
  Millis create_time = 0;       // the first write
};

// Sort: incidentId, incidentMessage, incidentTimestamp, incidentType, executionId,
// activityId, processInstanceId, processDefinitionId, configuration.
struct IncidentQuery {
  std::optional<std::string> id, type, process_instance_id, process_definition_id, activity_id;
  std::vector<SortKey> sorting;
  Visibility visibility;  // READ on the instance or READ_INSTANCE on the key
  Page page;
};

// One node of an instance's activity instance tree. The root is the process instance (id =
// instance id, activity_id = definition id, type "processDefinition").
struct ActivityInstanceNode {
  std::string id;
  std::string parent_id;  // empty for the root
  std::string activity_id;
  std::string activity_type;
  std::string activity_name;
  std::string process_instance_id;
  std::string process_definition_id;
  std::vector<std::string> execution_ids;
  std::vector<std::string> incident_ids;
  std::vector<ActivityInstanceNode> children;
  // A token waiting at an async continuation (no activity instance yet or any more):
  // Camunda's transition instance, its id the execution's.
  bool transition = false;
};

struct IncidentCount {
  std::string type;
  long long count = 0;
};

struct DefinitionStatistics {
  ProcessDefinitionRecord definition;
  long long instances = 0;              // running instances
  long long failed_jobs = 0;            // jobs without retries left, when asked for
  std::vector<IncidentCount> incidents;  // filled when asked for
};

struct ActivityStatistics {
  std::string activity_id;
  long long instances = 0;  // tokens resting there, and running subprocesses
  long long failed_jobs = 0;  // jobs of the activity without retries left, when asked for
  std::vector<IncidentCount> incidents;
};

// What the statistics include: incidents of every type, of one type, or none.
struct StatisticsOptions {
  bool incidents = false;
  bool failed_jobs = false;
  std::optional<std::string> incidents_for_type;
  Visibility visibility;  // definition statistics: READ_INSTANCE on the key or READ on the instance
};

class RuntimeReadQueries {
 public:
  virtual ~RuntimeReadQueries() = default;

  // Running process instances.
  virtual Result<std::vector<ProcessInstanceRecord>> process_instances(const ProcessInstanceQuery& q) = 0;
  virtual Result<long long> count_process_instances(const ProcessInstanceQuery& q) = 0;
  virtual Result<std::optional<ProcessInstanceRecord>> process_instance(const std::string& id) = 0;
  // Process-level variables (scope = the instance, not task-local); nullopt if the instance
  // is not running.
  virtual Result<std::optional<VariableMap>> instance_variables(const std::string& instance_id) = 0;
  // The activity instance tree; nullopt if the instance is not running.
  virtual Result<std::optional<ActivityInstanceNode>> activity_tree(const std::string& instance_id) = 0;

  // History.
  virtual Result<std::vector<HistoricProcessInstance>> historic_process_instances(
      const HistoricProcessInstanceQuery& q) = 0;
  virtual Result<long long> count_historic_process_instances(const HistoricProcessInstanceQuery& q) = 0;
  virtual Result<std::vector<ActivityInstanceRecord>> historic_activity_instances(
      const HistoricActivityInstanceQuery& q) = 0;
  virtual Result<long long> count_historic_activity_instances(const HistoricActivityInstanceQuery& q) = 0;
  virtual Result<std::vector<HistoricTaskRecord>> historic_tasks(const HistoricTaskQuery& q) = 0;
  virtual Result<long long> count_historic_tasks(const HistoricTaskQuery& q) = 0;
  virtual Result<std::vector<HistoricVariableInstance>> historic_variables(const HistoricVariableQuery& q) = 0;
  virtual Result<long long> count_historic_variables(const HistoricVariableQuery& q) = 0;

  // Open incidents.
  virtual Result<std::vector<IncidentRecord>> incidents(const IncidentQuery& q) = 0;
  virtual Result<long long> count_incidents(const IncidentQuery& q) = 0;

  // Every deployed definition with its running instances (Cockpit's start page), ordered by
  // key and version; and per activity of one definition, the activities with instances or
  // incidents, ordered by activity id.
  virtual Result<std::vector<DefinitionStatistics>> definition_statistics(const StatisticsOptions& o) = 0;
  virtual Result<std::vector<ActivityStatistics>> activity_statistics(const std::string& definition_id,
                                                                      const StatisticsOptions& o) = 0;
};

}  // namespace dpc::engine

// Reads of jobs for the /job REST resource: filters as Camunda's JobQuery has them. Thread-safe;
// implemented by the store module (store/job_queries.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/engine/jobs.h"
#include "dpc/engine/work_queries.h"

namespace dpc::engine {

// A job as /job shows it: the row plus whether its instance is suspended.
struct JobView {
  JobRecord job;
  bool suspended = false;
};

struct JobQuery {
  std::optional<std::string> job_id, process_instance_id, execution_id, process_definition_id,
      process_definition_key, activity_id, exception_message;
  // Only batch jobs have a job definition in dpc: "<batch id>-batch" (its item jobs) or
  // "<batch id>-monitor" (its monitor job), as /batch names them; any other id matches nothing.
  std::optional<std::string> job_definition_id;
  std::vector<std::string> job_ids, process_instance_ids;
  bool with_retries_left = false, no_retries_left = false, executable = false, timers = false,
      messages = false, with_exception = false, active = false, suspended = false;
  std::optional<long long> priority_at_least, priority_at_most;
  // dueDates / createTimes: (operator "lt"|"gt"|"lteq"|"gteq"|"eq", millis).
  std::vector<std::pair<std::string, Millis>> due_dates, create_times;
  Millis now = 0;  // for `executable`
  std::vector<SortKey> sorting;  // jobId, executionId, processInstanceId, processDefinitionId,
                                 // processDefinitionKey, jobPriority, jobRetries, jobDueDate, tenantId
  Page page;
  Visibility visibility;  // by definition key or instance id (see visibility.h), in the SQL
};

class JobQueries {
 public:
  virtual ~JobQueries() = default;
  virtual Result<std::vector<JobView>> jobs(const JobQuery& q) = 0;
  virtual Result<long long> count_jobs(const JobQuery& q) = 0;
  // kNotFound ("Job with id ... does not exist") when there is none.
  virtual Result<JobView> job(const std::string& id) = 0;
};

}  // namespace dpc::engine

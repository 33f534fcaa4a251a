// The job resource of Camunda 7's engine-rest (all under /engine-rest):
//   GET|POST /job, /job/count      filters jobId, jobIds, processInstanceId(s), executionId,
//                                  processDefinitionId/Key, activityId, withRetriesLeft,
//                                  noRetriesLeft, executable, timers, messages, withException,
//                                  exceptionMessage, active, suspended, priorityLower/
//                                  HigherThanOrEquals, dueDates, createTimes; sorting, paging
//   GET      /job/{id}             JobDto
//   PUT      /job/{id}/retries     {"retries": n} (n > 0 resolves its failedJob incident)
//   PUT      /job/{id}/duedate     {"duedate": "..."} (null: now)
//   POST     /job/{id}/execute     runs it now (a failure counts as a failed attempt; 500)
//   GET      /job/{id}/stacktrace  text/plain detail of the last failure
// Handlers translate; the rules live in the engine (JobCommands, work_rules.h).
#pragma once

#include "dpc/engine/job_executor.h"
#include "dpc/engine/job_queries.h"
#include "dpc/engine/jobs.h"
#include "dpc/http/router.h"

namespace dpc::http {

struct JobApi {
  engine::JobQueries& queries;
  engine::JobCommands& commands;  // every change of a job is one of its commands
};

// The referenced objects must outlive the router.
void add_job_routes(Router& router, JobApi api);

}  // namespace dpc::http

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
// Handlers translate; rules live in the engine and the store.
#pragma once

#include "dpc/engine/job_executor.h"
#include "dpc/engine/job_queries.h"
#include "dpc/engine/jobs.h"
#include "dpc/http/router.h"

namespace dpc::http {

struct JobApi {
  engine::JobQueries& queries;
  engine::JobStore& jobs;
  engine::JobCommands& commands;
  engine::Millis default_retry_wait = 10 * 1000;  // as JobExecutor::Options::retry_delay
};

// The referenced objects must outlive the router.
void add_job_routes(Router& router, JobApi api);

}  // namespace dpc::http

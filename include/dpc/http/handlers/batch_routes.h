// /engine-rest/batch, /history/batch, the asynchronous operations that create batches
// (POST /job/retries, /external-task/retries-async, /process-instance/delete,
// /process-instance/suspended-async, /process-instance/job-retries) and /migration
// (generate, validate, execute, executeAsync), in Camunda 7's shapes.
#pragma once

#include "dpc/engine/batch_service.h"
#include "dpc/engine/history_queries.h"
#include "dpc/engine/job_queries.h"
#include "dpc/engine/work_queries.h"
#include "dpc/http/router.h"

namespace dpc::http {

struct BatchApi {
  engine::BatchService& batches;
  engine::JobQueries& jobs;
  engine::WorkStore& work;
  engine::RuntimeReadQueries& instances;
};

// Everything in `api` must outlive the router.
void add_batch_routes(Router& router, BatchApi api);

}  // namespace dpc::http

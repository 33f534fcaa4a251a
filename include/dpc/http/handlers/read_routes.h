// The read-only REST resources over running instances, history, incidents and statistics,
// as Camunda 7's engine-rest serves them (all under /engine-rest):
//   GET|POST /process-instance, /process-instance/count         (filters, sorting, paging)
//   GET      /process-instance/{id}, .../variables, .../variables/{name}, .../data,
//            .../activity-instances
//   GET|POST /history/process-instance, /count;  GET /history/process-instance/{id}
//   GET|POST /history/activity-instance, /count
//   GET|POST /history/task, /count
//   GET|POST /history/variable-instance, /count
//   GET      /history/variable-instance/{id}, /history/variable-instance/{id}/data
//   GET      /incident, /incident/count
//   GET      /process-definition/statistics, /process-definition/{id}/statistics
// Handlers translate: they validate parameters (a malformed boolean, integer, date, an
// unknown sortBy or a sortBy without sortOrder is a 400 naming the parameter), build the
// query and render Camunda's DTOs. No SQL and no rules here.
#pragma once

#include "dpc/engine/history_queries.h"
#include "dpc/http/router.h"

namespace dpc::http {

// `queries` must outlive the router.
void add_process_instance_read_routes(Router& router, engine::RuntimeReadQueries& queries);
void add_history_read_routes(Router& router, engine::RuntimeReadQueries& queries);
void add_incident_and_statistics_routes(Router& router, engine::RuntimeReadQueries& queries);

inline void add_read_routes(Router& router, engine::RuntimeReadQueries& queries) {
  add_process_instance_read_routes(router, queries);
  add_history_read_routes(router, queries);
  add_incident_and_statistics_routes(router, queries);
}

}  // namespace dpc::http

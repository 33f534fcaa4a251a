// Camunda's historic activity statistics:
//   GET /engine-rest/history/process-definition/{id}/statistics
//       [{"id" (activity id), "instances" (running), "canceled", "finished", "completeScope",
//         "openIncidents", "resolvedIncidents", "deletedIncidents"}]; the counts beyond
//       "instances" are filled when canceled, finished, completeScope, incidents=true ask for
//       them (0 otherwise). Filters startedBefore, startedAfter, finishedBefore, finishedAfter,
//       processInstanceIdIn; sortBy activityId (with sortOrder). Counts only the instances the
//       caller may see in history (READ on the historic instance or READ_HISTORY on the key).
#pragma once

#include "dpc/engine/history_statistics.h"
#include "dpc/http/router.h"

namespace dpc::http {

// `queries` must outlive the router.
void add_history_statistics_routes(Router& router, engine::HistoryStatisticsQueries& queries);

}  // namespace dpc::http

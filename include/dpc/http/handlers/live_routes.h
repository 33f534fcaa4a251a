// dpc's live and case-story resources:
//   GET /api/events                                            server-sent events (event_hub.h)
//   GET /api/history/process-instance/{id}/sequence-flows      [{"sequenceFlowId","time"}] in
//       the order taken; READ_HISTORY (on the historic instance or its definition key), 404
//       for an unknown instance
//   GET|POST /engine-rest/history/detail, /history/detail/count  Camunda's historic details
//       (variable updates) with "userId", who made the change; filters processInstanceId,
//       processInstanceIdIn, taskId, variableInstanceId, variableName, activityInstanceId,
//       executionId, userId, variableUpdates, formFields; sortBy processInstanceId,
//       variableName, variableType, variableRevision, time, occurrence; paging. Listed as
//       the caller may see history (READ on the historic instance or READ_HISTORY).
#pragma once

#include "dpc/engine/case_history.h"
#include "dpc/engine/history_queries.h"
#include "dpc/http/event_hub.h"
#include "dpc/http/router.h"

namespace dpc::http {

// Everything passed must outlive the router.
void add_event_routes(Router& router, EventHub& hub);
void add_case_history_routes(Router& router, engine::CaseHistoryQueries& story,
                             engine::RuntimeReadQueries& reads);

}  // namespace dpc::http

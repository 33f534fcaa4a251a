// Camunda 7's user operation log REST (the audit trail, see dpc/core/user_operation.h):
//   GET /engine-rest/history/user-operation, /count   (filters, sortBy timestamp, paging)
//   PUT /engine-rest/history/user-operation/{operationId}/set-annotation  {"annotation"}
//   PUT /engine-rest/history/user-operation/{operationId}/clear-annotation
// Visibility as Camunda's: READ_HISTORY on the entry's process definition, or READ on
// UserOperationLogCategory (resource type 17) for its category; administrators see all.
// Annotating needs UPDATE on the categories of the operation's entries (or admin).
#pragma once

#include "dpc/engine/user_operation_log.h"
#include "dpc/http/router.h"

namespace dpc::http {

// `log` must outlive the router.
void add_user_operation_routes(Router& router, engine::UserOperationLogStore& log);

}  // namespace dpc::http

// REST resources that run processes: starting instances, deleting them, changing their
// variables, the user task resource (/task) and the external task resource
// (/external-task). Handlers translate JSON to engine calls and back; no business logic.
#pragma once

#include "dpc/engine/history_queries.h"
#include "dpc/engine/runtime_service.h"
#include "dpc/engine/work_notifier.h"
#include "dpc/engine/work_queries.h"
#include "dpc/http/router.h"

namespace dpc::http {

struct RuntimeApi {
  engine::RuntimeService& runtime;
  engine::WorkStore& work;
  engine::WorkNotifier& notifier;
  // Finds the definition key of an instance for authorization (instance_authorization.h).
  engine::RuntimeReadQueries* instances = nullptr;
};

// The services must outlive the router.
void add_process_instance_routes(Router& router, RuntimeApi api);
void add_task_routes(Router& router, RuntimeApi api);
void add_external_task_routes(Router& router, RuntimeApi api);
void add_message_routes(Router& router, RuntimeApi api);
void add_signal_routes(Router& router, RuntimeApi api);
// POST /process-instance/{id}/modification (modification_routes.cpp).
void add_modification_routes(Router& router, RuntimeApi api);

inline void add_runtime_routes(Router& router, RuntimeApi api) {
  add_process_instance_routes(router, api);
  add_task_routes(router, api);
  add_external_task_routes(router, api);
  add_message_routes(router, api);
  add_signal_routes(router, api);
  add_modification_routes(router, api);
}

}  // namespace dpc::http

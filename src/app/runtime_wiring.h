// Builds the process runtime of one node (stores, services, long-poll wake-ups) and
// registers its REST routes. Lives as long as the server.
#pragma once

#include <memory>

#include "dpc/engine/runtime_service.h"
#include "dpc/engine/work_notifier.h"
#include "dpc/engine/work_queries.h"
#include "dpc/http/router.h"
#include "dpc/store/database.h"
#include "dpc/store/notification_listener.h"

namespace dpc::app {

struct RuntimeWiring {
  std::unique_ptr<engine::RuntimeStore> store;
  std::unique_ptr<engine::WorkStore> work;
  engine::WorkNotifier notifier;
  std::unique_ptr<engine::RuntimeService> runtime;
  std::unique_ptr<store::NotificationListener> listener;
};

// `db` and `definitions` must outlive the result. `database_url` is for the LISTEN
// connection that hears other nodes' new external tasks.
std::unique_ptr<RuntimeWiring> build_runtime(store::Database& db, const std::string& database_url,
                                             engine::ProcessDefinitionSource& definitions);
// Adds the runtime's REST resources (the wiring must outlive the router).
void add_runtime_routes(http::Router& router, RuntimeWiring& runtime);

}  // namespace dpc::app

// Builds the process runtime of one node (stores, services, long-poll wake-ups, the job
// executor) and registers its REST routes. Lives as long as the server.
#pragma once

#include <memory>

#include "dpc/engine/batch_service.h"
#include "dpc/engine/call_activity_store.h"
#include "dpc/engine/instance_migration.h"
#include "dpc/engine/history_queries.h"
#include "dpc/engine/job_executor.h"
#include "dpc/engine/job_queries.h"
#include "dpc/engine/jobs.h"
#include "dpc/engine/runtime_service.h"
#include "dpc/engine/user_operation_log.h"
#include "dpc/engine/work_notifier.h"
#include "dpc/engine/work_queries.h"
#include "dpc/http/router.h"
#include "dpc/store/database.h"
#include "dpc/store/notification_listener.h"
#include "runtime_options.h"

namespace dpc::app {

// Destroyed bottom-up: listeners and the executor stop before the stores they use go.
struct RuntimeWiring {
  std::unique_ptr<engine::RuntimeStore> pg_store;
  std::unique_ptr<engine::JobNotifyingStore> store;  // pg_store, waking the executor
  std::unique_ptr<engine::CallActivityStore> calls;  // store, carrying call activities
  std::unique_ptr<engine::WorkStore> work;
  std::unique_ptr<engine::JobStore> jobs;
  std::unique_ptr<engine::JobQueries> job_queries;  // /job reads
  std::unique_ptr<engine::UserOperationLogStore> operation_log;  // /history/user-operation
  engine::WorkNotifier notifier;
  std::unique_ptr<engine::RuntimeService> runtime;
  // Batches and migration (batch_service.h): their jobs run on the executor below.
  std::unique_ptr<engine::BatchStore> batch_store;
  std::unique_ptr<engine::MigrationStore> migration_store;
  std::unique_ptr<engine::BatchService> batches;
  std::unique_ptr<engine::JobCommands> job_commands;
  std::unique_ptr<engine::JobExecutor> job_executor;
  std::unique_ptr<store::NotificationListener> listener;
  std::unique_ptr<store::NotificationListener> job_listener;
};

// `db` and `definitions` must outlive the result. `database_url` is for the LISTEN
// connections that hear other nodes' new external tasks and jobs. The job executor runs
// from here on.
std::unique_ptr<RuntimeWiring> build_runtime(store::Database& db, const std::string& database_url,
                                             engine::ProcessDefinitionSource& definitions,
                                             RuntimeOptions options = {});
// Adds the runtime's REST resources (the wiring must outlive the router).
void add_runtime_routes(http::Router& router, RuntimeWiring& runtime,
                        engine::RuntimeReadQueries& instances);
// The test clock (only with `dpc serve --test-clock`): GET/POST /api/test/clock, see
// docs in tests/scenarios/README.md.
void add_test_clock_routes(http::Router& router, RuntimeWiring& runtime);

}  // namespace dpc::app

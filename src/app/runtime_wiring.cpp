#include "runtime_wiring.h"

#include <unistd.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "dpc/core/time_format.h"
#include "dpc/engine/model.h"
#include "dpc/http/handlers/batch_routes.h"
#include "dpc/http/handlers/job_routes.h"
#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/http/handlers/user_operation_routes.h"
#include "dpc/http/query.h"
#include "dpc/store/batch_store.h"
#include "dpc/store/job_store.h"
#include "dpc/store/runtime_store.h"
#include "dpc/store/user_operation_store.h"
#include "dpc/store/work_store.h"

namespace dpc::app {

namespace {
// This node in job locks: host name and process id.
std::string node_name() {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = 0;
  return std::string(host[0] ? host : "dpc") + ":" + std::to_string(getpid());
}
}  // namespace

std::unique_ptr<RuntimeWiring> build_runtime(store::Database& db, const std::string& database_url,
                                             engine::ProcessDefinitionSource& definitions,
                                             RuntimeOptions options) {
  auto w = std::make_unique<RuntimeWiring>();
  w->pg_store = store::make_runtime_store(db, options.group_pipeline);
  w->store = std::make_unique<engine::JobNotifyingStore>(*w->pg_store);
  w->work = store::make_work_store(db);
  w->jobs = store::make_job_store(db);
  // The engine clock: the system clock plus the test offset (dpc::now_millis).
  engine::RuntimeService::Clock clock = [] { return now_millis(); };
  w->job_queries = store::make_job_queries(db);
  w->operation_log = store::make_user_operation_store(db);
  // Every command goes through `calls`, so call activities work from REST and from jobs.
  w->calls = std::make_unique<engine::CallActivityStore>(*w->store, definitions, clock);
  w->runtime = std::make_unique<engine::RuntimeService>(*w->calls, definitions, clock);
  w->runtime->set_work_notifier(&w->notifier);
  w->job_commands = std::make_unique<engine::JobCommands>(*w->calls, definitions, clock);
  w->job_commands->set_job_store(w->jobs.get());  // timer start events (no instance yet)
  w->job_commands->set_runtime(w->runtime.get());  // signals thrown by jobs reach everyone
  w->batch_store = store::make_batch_store(db);
  w->migration_store = store::make_migration_store(db);
  w->batches = std::make_unique<engine::BatchService>(*w->batch_store, *w->calls,
                                                      *w->migration_store, definitions, clock);
  engine::BatchService* batches = w->batches.get();
  w->job_commands->set_batch_handler([batches](const engine::JobRecord& j) { return batches->run_job(j); });
  w->job_executor = std::make_unique<engine::JobExecutor>(*w->jobs, *w->job_commands, node_name(),
                                                          options.jobs);
  w->store->set_executor(w->job_executor.get());
  engine::WorkNotifier* notifier = &w->notifier;
  w->listener = std::make_unique<store::NotificationListener>(
      database_url, "dpc_external_task", [notifier] { notifier->notify(); });
  engine::JobExecutor* executor = w->job_executor.get();
  w->job_listener = std::make_unique<store::NotificationListener>(
      database_url, "dpc_job", [executor] { executor->wake(); });
  w->job_executor->start();
  return w;
}

void add_runtime_routes(http::Router& router, RuntimeWiring& runtime,
                        engine::RuntimeReadQueries& instances) {
  http::add_runtime_routes(router, {*runtime.runtime, *runtime.work, runtime.notifier, &instances});
  http::add_job_routes(router, {*runtime.job_queries, *runtime.job_commands});
  http::add_user_operation_routes(router, *runtime.operation_log);
  http::add_batch_routes(router, {*runtime.batches, *runtime.job_queries, *runtime.work, instances});
}

void add_test_clock_routes(http::Router& router, RuntimeWiring& runtime) {
  using nlohmann::json;
  auto state = [] {
    return json{{"offsetMillis", clock_offset()}, {"now", format_date_time(now_millis())}};
  };
  router.add(http::Method::kGet, "/api/test/clock", [state](http::Request&) {
    return http::Response::json(200, state().dump());
  });
  // Body: {"advance": "PT10M"} (ISO 8601 duration), {"advanceMillis": n} or
  // {"offsetMillis": n}. Then waits (up to `waitMillis`, default 10 s) until no job is due.
  router.add(http::Method::kPost, "/api/test/clock", [&runtime, state](http::Request& req) {
    auto error = [](const std::string& m) {
      return http::Response::json(
          400, json{{"type", "InvalidRequestException"}, {"message", m}, {"code", 400}}.dump());
    };
    auto parsed = http::json_body(req);
    if (!parsed) return http::error_response(parsed.error());
    const json& body = *parsed;
    auto wait_ms = http::integer_field(body, "waitMillis");
    if (!wait_ms) return http::error_response(wait_ms.error());
    std::int64_t offset = clock_offset();
    if (body.contains("offsetMillis") && body["offsetMillis"].is_number_integer()) {
      offset = body["offsetMillis"].get<std::int64_t>();
    } else if (body.contains("advanceMillis") && body["advanceMillis"].is_number_integer()) {
      offset += body["advanceMillis"].get<std::int64_t>();
    } else if (body.contains("advance") && body["advance"].is_string()) {
      auto to = engine::add_iso_duration(body["advance"].get<std::string>(), 0);
      if (!to) return error("advance is not an ISO 8601 duration");
      // Calendar steps (P1M) measured from now.
      std::int64_t now = now_millis();
      offset += *engine::add_iso_duration(body["advance"].get<std::string>(), now) - now;
    } else {
      return error("expected advance, advanceMillis or offsetMillis");
    }
    set_clock_offset(offset);
    runtime.job_executor->wake();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms->value_or(10000));
    long long due = 0;
    while (true) {
      auto n = runtime.jobs->count_due(now_millis());
      due = n ? *n : -1;
      if (due == 0 || std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    json out = state();
    out["dueJobs"] = due;
    return http::Response::json(200, out.dump());
  });
}

}  // namespace dpc::app

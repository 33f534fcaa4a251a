#include "runtime_wiring.h"

#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/store/runtime_store.h"
#include "dpc/store/work_store.h"

namespace dpc::app {

std::unique_ptr<RuntimeWiring> build_runtime(store::Database& db, const std::string& database_url,
                                             engine::ProcessDefinitionSource& definitions) {
  auto w = std::make_unique<RuntimeWiring>();
  w->store = store::make_runtime_store(db);
  w->work = store::make_work_store(db);
  w->runtime = std::make_unique<engine::RuntimeService>(*w->store, definitions);
  w->runtime->set_work_notifier(&w->notifier);
  engine::WorkNotifier* notifier = &w->notifier;
  w->listener = std::make_unique<store::NotificationListener>(
      database_url, "dpc_external_task", [notifier] { notifier->notify(); });
  return w;
}

void add_runtime_routes(http::Router& router, RuntimeWiring& runtime) {
  http::add_runtime_routes(router, {*runtime.runtime, *runtime.work, runtime.notifier});
}

}  // namespace dpc::app

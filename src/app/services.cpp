#include "services.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "dpc/bpmn/parser.h"
#include "dpc/dmn/model_parser.h"
#include "dpc/forms/form_schema.h"
#include "dpc/http/handlers/catalogue_routes.h"
#include "catalogue_decisions.h"
#include "dpc/http/handlers/application_form_routes.h"
#include "dpc/core/time_format.h"
#include "dpc/http/handlers/analytics_routes.h"
#include "dpc/http/handlers/decision_routes.h"
#include "dpc/http/handlers/form_routes.h"
#include "dpc/http/handlers/identity_routes.h"
#include "dpc/http/handlers/history_statistics_routes.h"
#include "dpc/http/handlers/live_routes.h"
#include "dpc/http/handlers/market_routes.h"
#include "dpc/http/handlers/read_routes.h"
#include "dpc/http/handlers/repository_routes.h"
#include "dpc/http/handlers/tasklist_routes.h"
#include "dpc/store/catalogue_store.h"
#include "dpc/store/application_store.h"
#include "dpc/store/analytics_store.h"
#include "dpc/store/decision_history_store.h"
#include "dpc/store/definition_usage.h"
#include "dpc/store/identity_store.h"
#include "dpc/store/live_queries.h"
#include "dpc/store/history_statistics.h"
#include "dpc/store/read_queries.h"
#include "dpc/store/repository_store.h"
#include "dpc/store/session_store.h"
#include "dpc/store/task_filter_store.h"
#include "dpc/store/task_note_store.h"
#include "runtime_wiring.h"

namespace dpc::app {

namespace fs = std::filesystem;

Services::Services() = default;
Services::~Services() = default;

std::unique_ptr<Services> build_services(store::Database& db, const std::string& database_url,
                                         RuntimeOptions runtime, AuthSettings auth,
                                         store::Database* analytics_db) {
  auto s = std::make_unique<Services>();
  s->auth_disabled = auth.disabled;
  s->identity_store = store::make_identity_store(db);
  s->identity = std::make_unique<identity::IdentityService>(*s->identity_store);
  s->session_store = store::make_session_store(db);
  s->sessions = std::make_unique<identity::SessionService>(*s->session_store, auth.sessions);
  s->authentication = std::make_unique<http::Authentication>(*s->identity, *s->sessions, auth.http);
  s->repository_store = store::make_repository_store(db);
  s->repository = std::make_unique<engine::RepositoryService>(*s->repository_store);
  s->definition_usage = store::make_definition_usage(db);
  s->repository->set_definition_usage(s->definition_usage.get());
  // *.form resources are checked at deploy time and registered by their form id.
  s->repository->set_form_reader([](const std::string& bytes) -> Result<std::string> {
    auto form = forms::read_form_schema(bytes);
    if (!form) return form.error();
    return form->id;
  });
  s->definitions = std::make_unique<engine::RepositoryDefinitionSource>(*s->repository);
  s->decisions = std::make_unique<engine::RepositoryDecisionSource>(*s->repository);
  s->runtime = build_runtime(db, database_url, *s->definitions, runtime);
  s->runtime->runtime->set_decision_source(s->decisions.get());
  s->runtime->job_commands->set_decision_source(s->decisions.get());
  s->runtime->calls->set_decision_source(s->decisions.get());
  s->read_queries = store::make_read_queries(db);
  s->decision_history = store::make_decision_history_store(db);
  s->task_notes = store::make_task_note_store(db);
  s->task_filters = store::make_task_filter_store(db);
  s->live_log = store::make_live_event_log(db);
  s->events = std::make_unique<http::EventHub>(*s->live_log);
  s->case_history = store::make_case_history_queries(db);
  s->history_statistics = store::make_history_statistics_queries(db);
  s->catalogue_store = store::make_catalogue_store(db);
  s->catalogue = std::make_unique<catalogue::CatalogueService>(*s->catalogue_store);
  s->storefront = std::make_unique<market::Storefront>(*s->catalogue);
  s->catalogue->set_decisions(catalogue_decisions(*s->decisions));  // eligibility by DMN
  s->catalogue_functions = std::make_unique<catalogue::ProcessFunctions>(*s->catalogue);
  s->applications = store::make_application_store(db);
  s->analytics_store = store::make_analytics_store(db, analytics_db);
  s->analytics = std::make_unique<analytics::AnalyticsService>(*s->analytics_store, *s->repository,
                                                                [] { return now_millis(); });
  http::EventHub* hub = s->events.get();
  s->live_listener = std::make_unique<store::NotificationListener>(
      database_url, store::kLiveEventChannel, [hub](const std::string& payload) { hub->notified(payload); });
  engine::RepositoryService* repository = s->repository.get();
  s->definition_listener = std::make_unique<store::NotificationListener>(
      database_url, "dpc_definition", [repository] { repository->definitions_changed(); });
  return s;
}

void add_api_routes(http::Router& router, Services& services) {
  services.authentication->install(router);
  if (services.auth_disabled) {
    auto everyone = std::make_shared<const identity::Principal>(
        identity::Principal{"insecure-no-auth", {std::string(identity::kAdminGroup)}, true});
    // With the identity service too: authorize() answers 401 to a principal without one.
    const identity::IdentityService* identity = services.identity.get();
    router.set_guard([everyone, identity](http::Request& r) -> std::optional<http::Response> {
      r.principal = everyone;
      r.identity = identity;
      return std::nullopt;
    });
  }
  http::add_repository_routes(router, *services.repository);
  http::add_decision_routes(router, *services.repository, services.decision_history.get());
  http::add_decision_history_routes(router, *services.decision_history);
  add_runtime_routes(router, *services.runtime, *services.read_queries);
  http::add_form_routes(router, {{*services.runtime->runtime, *services.runtime->work,
                                  services.runtime->notifier, services.read_queries.get()},
                                 *services.repository});
  http::add_read_routes(router, *services.read_queries);
  http::add_identity_routes(router, *services.identity);
  http::RuntimeApi runtime{*services.runtime->runtime, *services.runtime->work,
                           services.runtime->notifier, services.read_queries.get()};
  http::add_tasklist_routes(router, {runtime, *services.task_notes, *services.task_filters,
                                     services.repository.get(), services.identity.get()});
  http::add_event_routes(router, *services.events);
  if (!services.public_limiter) services.public_limiter = std::make_unique<http::RateLimiter>(http::RateLimitOptions{});
  http::add_market_routes(router, *services.public_limiter, *services.storefront);
  http::add_application_form_routes(router, {*services.repository, *services.runtime->runtime, *services.read_queries,
                                             *services.applications, *services.public_limiter});
  http::add_case_history_routes(router, *services.case_history, *services.read_queries);
  http::add_history_statistics_routes(router, *services.history_statistics);
  http::add_catalogue_routes(router, *services.catalogue);
  http::add_analytics_routes(router, *services.analytics);
}

namespace {

bool is_sample(const fs::path& p) {
  std::string name = p.filename().string();
  auto ends = [&](const std::string& suffix) {
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".bpmn") || ends(".bpmn20.xml") || ends(".dmn") || ends(".form");
}

}  // namespace

void deploy_samples(engine::RepositoryService& repository, const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    spdlog::warn("samples folder {} not found; no samples deployed", dir);
    return;
  }
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && is_sample(it->path())) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  engine::DeploymentRequest request;
  request.name = "dpc-samples";
  request.source = "dpc";
  request.enable_duplicate_filtering = true;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::string name = fs::relative(path, dir, ec).generic_string();
    if (ec || name.empty()) name = path.filename().string();
    if (engine::is_bpmn_resource(name)) {
      auto parsed = bpmn::parse_bpmn(bytes.str());
      if (!parsed.ok()) {
        spdlog::warn("sample {} does not parse and is skipped: {}", name,
                     bpmn::to_parse_exception(name, parsed.report).message);
        continue;
      }
    }
    if (engine::is_form_resource(name)) {
      auto form = forms::read_form_schema(bytes.str());
      if (!form) {
        spdlog::warn("sample {} is not a valid form and is skipped: {}", name, form.error().message);
        continue;
      }
    }
    if (engine::is_dmn_resource(name)) {
      auto parsed = dmn::parse_model(bytes.str());
      if (!parsed) {
        spdlog::warn("sample {} does not parse and is skipped: {}", name, parsed.error().message);
        continue;
      }
    }
    request.resources.push_back({name, bytes.str()});
  }
  if (request.resources.empty()) {
    spdlog::info("no samples in {}", dir);
    return;
  }
  auto deployed = repository.deploy(request);
  if (!deployed) {
    spdlog::warn("samples from {} not deployed: {}", dir, deployed.error().message);
    return;
  }
  if (!deployed->created) {
    spdlog::info("samples unchanged since deployment {}", deployed->deployment.id);
    return;
  }
  for (const auto& d : deployed->definitions) {
    spdlog::info("sample process {} deployed from {}", d.id, d.resource_name);
  }
  for (const auto& d : deployed->decisions) {
    spdlog::info("sample decision {} deployed from {}", d.id, d.resource_name);
  }
}

}  // namespace dpc::app

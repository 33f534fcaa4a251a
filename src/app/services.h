// The stores and services of one server node, built once at start-up and wired to the REST
// routes. Owns everything it builds; the Database passed in must outlive it, and the
// Services must outlive the HTTP server that routes to them. The services themselves are
// thread-safe (see their headers).
#pragma once

#include <memory>
#include <string>

#include "dpc/catalogue/catalogue_service.h"
#include "dpc/catalogue/process_functions.h"
#include "dpc/analytics/analytics_service.h"
#include "dpc/engine/decision_history.h"
#include "dpc/engine/decision_source.h"
#include "dpc/engine/definition_source.h"
#include "dpc/engine/history_queries.h"
#include "dpc/engine/job_executor.h"
#include "runtime_options.h"
#include "dpc/engine/repository.h"
#include "dpc/engine/task_filters.h"
#include "dpc/engine/task_notes.h"
#include "dpc/engine/case_history.h"
#include "dpc/engine/live_events.h"
#include "dpc/engine/history_statistics.h"
#include "dpc/http/authentication.h"
#include "dpc/http/event_hub.h"
#include "dpc/http/rate_limiter.h"
#include "dpc/http/router.h"
#include "dpc/identity/identity_service.h"
#include "dpc/identity/session_service.h"
#include "dpc/identity/identity_store.h"
#include "dpc/market/application_store.h"
#include "dpc/market/storefront.h"
#include "dpc/store/database.h"
#include "dpc/store/notification_listener.h"

namespace dpc::app {

struct RuntimeWiring;

struct Services {
  Services();
  ~Services();
  std::unique_ptr<engine::RepositoryStore> repository_store;
  std::unique_ptr<engine::RepositoryService> repository;
  std::unique_ptr<engine::DefinitionUsage> definition_usage;
  std::unique_ptr<engine::RepositoryDefinitionSource> definitions;
  std::unique_ptr<engine::RepositoryDecisionSource> decisions;  // for business rule tasks
  std::unique_ptr<engine::DecisionHistoryStore> decision_history;
  std::unique_ptr<RuntimeWiring> runtime;
  std::unique_ptr<engine::RuntimeReadQueries> read_queries;  // lists, history, statistics
  std::unique_ptr<engine::TaskNoteStore> task_notes;         // task comments, attachments
  std::unique_ptr<engine::TaskFilterStore> task_filters;     // the filter resource
  std::unique_ptr<identity::IdentityStore> identity_store;
  std::unique_ptr<identity::IdentityService> identity;
  std::unique_ptr<identity::SessionStore> session_store;
  std::unique_ptr<identity::SessionService> sessions;
  std::unique_ptr<http::Authentication> authentication;
  // Guards the public endpoints (market simulators, application forms); set before routing.
  std::unique_ptr<http::RateLimiter> public_limiter;
  std::unique_ptr<market::ApplicationStore> applications;  // public form applications
  bool auth_disabled = false;
  // Live events (GET /api/events) and the case story (flows taken, variable details).
  std::unique_ptr<engine::LiveEventLog> live_log;
  std::unique_ptr<http::EventHub> events;
  std::unique_ptr<engine::CaseHistoryQueries> case_history;
  std::unique_ptr<engine::HistoryStatisticsQueries> history_statistics;  // Cockpit history
  // The product catalogue (/api/catalogue, /cdn, /tmf-api/productCatalogManagement/v4).
  std::unique_ptr<catalogue::CatalogueStore> catalogue_store;
  std::unique_ptr<catalogue::CatalogueService> catalogue;
  // The Market's public pages over the catalogue (/market, /api/market).
  std::unique_ptr<market::Storefront> storefront;
  // The catalogue's FEEL functions for processes (`catalogue price(...)`, ...); after the
  // catalogue, so that they are removed before it goes.
  std::unique_ptr<catalogue::ProcessFunctions> catalogue_functions;
  // The Dashboard's questions (/api/analytics/...).
  std::unique_ptr<analytics::AnalyticsStore> analytics_store;
  std::unique_ptr<analytics::AnalyticsService> analytics;
  // Hears every node's new live events (NOTIFY dpc_ui_event) for the hub above.
  std::unique_ptr<store::NotificationListener> live_listener;
  // Hears other nodes' deployments, deletions and suspensions (NOTIFY dpc_definition); last,
  // so that it stops before the repository it calls goes away.
  std::unique_ptr<store::NotificationListener> definition_listener;
};

// `database_url` is used for the LISTEN connection that hears other nodes' new work;
// `jobs` configures this node's job executor (lock duration from --job-lock-millis).
// How requests are authenticated (from the command line).
struct AuthSettings {
  identity::SessionOptions sessions;
  http::AuthenticationOptions http;
  bool disabled = false;  // --insecure-no-auth (benchmarks): every request is an unchecked admin
};

std::unique_ptr<Services> build_services(store::Database& db, const std::string& database_url,
                                         RuntimeOptions runtime = {},
                                         AuthSettings auth = {},
                                         store::Database* analytics_db = nullptr);  // null: db

// Adds the /engine-rest and /api resources served by `services` (which must outlive the
// router), and the authentication every request passes first.
void add_api_routes(http::Router& router, Services& services);

// Deploys every .bpmn/.bpmn20.xml/.dmn/.form file in `dir` as one deployment named
// "dpc-samples" with duplicate filtering, logging what happened. Never fails start-up: a
// missing folder, a file that does not parse or a database error is logged as a warning
// (a file that does not parse is left out; the rest is deployed).
void deploy_samples(engine::RepositoryService& repository, const std::string& dir);

}  // namespace dpc::app

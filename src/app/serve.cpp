#include "serve.h"
#include "services.h"
#include "operations.h"
#include "identity_bootstrap.h"
#include "runtime_wiring.h"
#include "database_setup.h"
#include "catalogue_demo.h"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "dpc/app/system_routes.h"
#include "dpc/core/version.h"
#include "dpc/engine/script_limits.h"
#include "dpc/http/server.h"
#include "dpc/store/database.h"
#include "dpc/store/embedded_postgres.h"

namespace dpc::app {

namespace {

int expected_migrations() { return static_cast<int>(store::embedded_migrations().size()); }

}  // namespace

int run_migrate(const ServeConfig& config) {
  auto setup = open_database(config);
  if (!setup) {
    spdlog::error("{}", setup.error().message);
    return 1;
  }
  store::Database db(setup->url, {.max_connections = 1});
  auto applied = db.migrate(store::embedded_migrations());
  if (!applied) {
    spdlog::error("{}", applied.error().message);
    return 1;
  }
  spdlog::info("{} migration(s) applied, {} in total", *applied, expected_migrations());
  return 0;
}

int run_serve(const ServeConfig& config) {
  auto started = std::chrono::steady_clock::now();
  // SIGINT/SIGTERM are taken by sigwait below; threads created from here inherit the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto setup = open_database(config);
  if (!setup) {
    spdlog::error("{}", setup.error().message);
    return 1;
  }
  store::PoolOptions pool;
  pool.max_connections = static_cast<size_t>(config.db_pool_size);
  store::Database db(setup->url, pool);

  // Migrations: a failing one stops start-up; an unreachable database does not (the server
  // reports it on /health and applies the migrations once the database answers).
  std::atomic<bool> stopping{false};
  std::mutex retry_mu;
  std::condition_variable retry_cv;
  std::thread migrator;
  auto applied = db.migrate(store::embedded_migrations());
  if (!applied) {
    if (applied.error().kind != ErrorKind::kUnavailable) {
      spdlog::error("{}", applied.error().message);
      return 1;
    }
    spdlog::error("{}; will retry", applied.error().message);
    migrator = std::thread([&] {
      std::unique_lock lock(retry_mu);
      while (!retry_cv.wait_for(lock, std::chrono::seconds(2), [&] { return stopping.load(); })) {
        auto again = db.migrate(store::embedded_migrations());
        if (again) return;
        if (again.error().kind != ErrorKind::kUnavailable) {
          spdlog::error("{}", again.error().message);
          return;
        }
      }
    });
  }

  http::Router router;
  add_system_routes(router, [&db] { return db.health(expected_migrations()); });
  // Declared before the server, so it outlives it.
  RuntimeOptions runtime;
  runtime.jobs.lock_millis = config.job_lock_millis;
  runtime.jobs.threads = config.job_threads;
  runtime.group_pipeline = static_cast<size_t>(config.group_pipeline);
  engine::set_script_time_limit(std::chrono::milliseconds(config.script_timeout_ms));
  AuthSettings auth;
  auth.sessions.idle_timeout = std::chrono::seconds(config.session_idle_seconds);
  auth.sessions.absolute_timeout = std::chrono::seconds(config.session_max_seconds);
  auth.disabled = config.insecure_no_auth;
  auth.http.secure_cookies = !config.tls_cert_file.empty();  // cookies only over HTTPS then
  auth.http.metrics_public = config.metrics_public;
  if (auth.disabled) {
    spdlog::warn("--insecure-no-auth: every request is served as an administrator without credentials; "
                 "for benchmarks only, never in production");
  }
  // The dashboard's reads on a connection of their own when configured (e.g. a replica).
  std::unique_ptr<store::Database> analytics_db;
  if (!config.analytics_database_url.empty()) {
    spdlog::info("analytics reads from {}", store::redact_url(config.analytics_database_url));
    analytics_db = std::make_unique<store::Database>(config.analytics_database_url,
                                                     store::PoolOptions{.max_connections = 4});
  }
  std::unique_ptr<Services> services = build_services(db, setup->url, runtime, auth, analytics_db.get());
  services->public_limiter = std::make_unique<http::RateLimiter>(http::RateLimitOptions{
      static_cast<double>(config.public_rate), static_cast<double>(config.public_burst), config.trusted_proxies});
  add_api_routes(router, *services);
  // Heartbeat, /metrics, /health/live and /ready, /api/system (stops before the services).
  auto operations = std::make_unique<Operations>(
      db, *services, OperationsOptions{config.job_threads, config.port});
  operations->add_routes(router);
  if (config.test_clock) {
    spdlog::warn("test clock enabled: POST /api/test/clock moves the engine clock");
    add_test_clock_routes(router, *services->runtime);
  }
  if (applied) {
    bootstrap_identity(*services->identity, config);
    deploy_samples(*services->repository, config.samples_dir);
    if (config.demo) load_catalogue_demo(*services->catalogue, *services->identity, config.samples_dir);
  }

  http::ServerOptions options;
  options.bind_address = config.bind_address;
  options.port = static_cast<uint16_t>(config.port);
  options.worker_threads = config.worker_threads;
  options.max_body_bytes = config.max_body_bytes;
  options.read_timeout = std::chrono::seconds(config.read_timeout_seconds);
  options.idle_timeout = std::chrono::seconds(config.idle_timeout_seconds);
  options.access_log = config.access_log;
  options.tls_cert_file = config.tls_cert_file;
  options.tls_key_file = config.tls_key_file;
  options.cors_origins = config.cors_origins;
  std::error_code ec;
  if (std::filesystem::is_directory(config.web_root, ec)) {
    options.static_root = config.web_root;
  } else {
    spdlog::warn("web root {} not found; serving the API only", config.web_root);
  }
  http::Server server(options, router);
  // A server that cannot start (port taken, unusable TLS files) still stops what runs
  // (the migration retry thread, the private PostgreSQL) before exiting with 1.
  int exit_code = 0;
  if (auto st = server.start(); !st) {
    spdlog::error("{}", st.error().message);
    exit_code = 1;
  } else {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started).count();
    spdlog::info("dpc {} listening on {}://{}:{} (ready in {} ms)", version(),
                 config.tls_cert_file.empty() ? "http" : "https", config.bind_address,
                 server.port(), ms);
    int sig = 0;
    sigwait(&stop_signals, &sig);
    spdlog::info("received {}, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
    server.stop(std::chrono::seconds(10));
  }
  // The job executor and the LISTEN threads stop while the database still answers (not after
  // the private PostgreSQL below is gone, where they would meet errors mid-query).
  operations.reset();
  services.reset();
  {
    std::lock_guard lock(retry_mu);
    stopping = true;
  }
  retry_cv.notify_all();
  if (migrator.joinable()) migrator.join();
  if (setup->embedded) setup->embedded->stop();
  if (exit_code == 0) spdlog::info("stopped");
  return exit_code;
}

}  // namespace dpc::app

// The `dpc` command line: subcommand, flags and DPC_* environment variables.
// Flags win over the environment, the environment over defaults. Pure: no I/O besides
// reading the environment through the supplied getter; thread-compatible.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"

namespace dpc::app {

struct ServeConfig {
  std::string bind_address = "0.0.0.0";
  int port = 8080;
  std::string database_url;          // empty = run a private PostgreSQL in data_dir
  // The dashboard's reads (/api/analytics/...) go here, e.g. a streaming replica of
  // database_url; empty = database_url.
  std::string analytics_database_url;
  std::string data_dir = "./var/pg";
  std::string log_level = "info";    // trace, debug, info, warn, error, off
  std::string web_root = "./web/dist";
  std::string samples_dir = "./bpmn-samples";
  size_t max_body_bytes = 16 * 1024 * 1024;
  int read_timeout_seconds = 30;   // a request's header and body, and writing its answer
  int idle_timeout_seconds = 75;   // a keep-alive connection between requests
  int worker_threads = 16;
  int db_pool_size = 16;
  bool access_log = true;
  bool test_clock = false;  // --test-clock: POST /api/test/clock moves the engine clock
  // How long a node's job executor holds the jobs it acquired: a node that dies leaves its
  // jobs to the others after this. Longer than the longest job, else a job may run twice.
  long long job_lock_millis = 5 * 60 * 1000;
  int job_threads = 4;  // job executor threads of this node
  int group_pipeline = 2;         // group commit batches under way at once on the writer's connection
  int script_timeout_ms = 2000;   // longest run of one JavaScript script
  std::string pg_bindir;          // the private cluster's PostgreSQL programs (empty: the newest installed)
  bool demo = false;     // --demo: create and print the demo users and groups
  int session_idle_seconds = 30 * 60;
  int session_max_seconds = 12 * 3600;
  // DPC_ADMIN_USER / DPC_ADMIN_PASSWORD: the first administrator, created on start when
  // missing (empty = none). Never a flag, so the password does not show in `ps`.
  std::string admin_user;
  std::string admin_password;
  bool insecure_no_auth = false;  // benchmarks only: every request is the admin, unchecked
  // --metrics-public: GET /metrics answers without credentials (a Prometheus scraper on the
  // cluster's network); else only to users with SYSTEM READ (administrators).
  bool metrics_public = false;
  // TLS on the listener: PEM certificate chain and private key; both set or both empty
  // (plain HTTP).
  std::string tls_cert_file;
  std::string tls_key_file;
  // Origins (scheme://host[:port], lower case) allowed cross-origin requests with
  // credentials; empty = no CORS at all.
  std::vector<std::string> cors_origins;
  // The public endpoints (market simulators, application forms): requests per second and
  // burst per client address, and the proxies whose X-Forwarded-For names the client.
  int public_rate = 10;
  int public_burst = 40;
  std::vector<std::string> trusted_proxies;
};

struct Command {
  std::string name;  // serve, migrate, version, help, feel, tck
  ServeConfig config;
  std::vector<std::string> args;  // positional arguments after the subcommand
};

using EnvGetter = std::function<std::optional<std::string>(const std::string&)>;

// The environment of this process.
std::optional<std::string> process_env(const std::string& name);

// Parses argv (without argv[0]). Unknown flags and bad values are errors (exit code 2)
// whose message names the flag or variable and the value.
Result<Command> parse_command_line(const std::vector<std::string>& argv, const EnvGetter& env);

// The text of `dpc --help`.
std::string usage();

}  // namespace dpc::app

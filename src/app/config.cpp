#include "dpc/app/config.h"

#include <cstdlib>

#include "dpc/core/strings.h"

namespace dpc::app {

std::optional<std::string> process_env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

std::string usage() {
  return R"(dpc - Digital Product Center: BPMN/DMN engine with the Camunda 7 REST API

Usage: dpc <command> [options]

Commands:
  serve      run the server (default database: a private PostgreSQL in the data folder)
  migrate    apply database migrations and exit
  admin create-user --id ID --password-stdin [--group G ...] [--first-name F]
             [--last-name L] [--email E]
             create a user (password read from standard input; the password policy
             applies), the groups that are missing and the memberships; uses the database
             of serve (DPC_DATABASE_URL or the private cluster) and applies migrations
  version    print the version
  help       print this help (also --help, -h)

Options for serve and migrate (each also as an environment variable):
  --port N             DPC_PORT          HTTP port (default 8080)
  --bind ADDR          DPC_BIND          bind address (default 0.0.0.0)
  --database-url URL   DPC_DATABASE_URL  PostgreSQL to use; unset = private cluster
  --data-dir DIR       DPC_DATA_DIR      private cluster's folder (default ./var/pg)
  --analytics-database-url URL  DPC_ANALYTICS_DATABASE_URL  the dashboard's reads
                                         (/api/analytics) from this PostgreSQL, e.g. a
                                         streaming replica (default: the main database)
  --log-level LEVEL    DPC_LOG_LEVEL     trace|debug|info|warn|error|off (default info)
  --web-root DIR       DPC_WEB_ROOT      built web apps served at / (default ./web/dist)
  --samples DIR        DPC_SAMPLES_DIR   processes deployed at start (default ./bpmn-samples)
  --max-body BYTES     DPC_MAX_BODY      largest request body (default 16777216)
  --read-timeout S     DPC_READ_TIMEOUT  seconds to receive a request or send its answer
                                         (default 30)
  --idle-timeout S     DPC_IDLE_TIMEOUT  seconds a keep-alive connection may idle (default 75)
  --workers N          DPC_WORKERS       request worker threads (default 16)
  --db-pool N          DPC_DB_POOL       database connections per node (default 16)
  --no-access-log      DPC_ACCESS_LOG=0  no line per request
  --job-lock-millis MS DPC_JOB_LOCK_MILLIS  how long acquired jobs stay locked: a dead
                                         node's jobs run elsewhere after it (default 300000)
  --job-threads N      DPC_JOB_THREADS   job executor threads per node (default 4)
  --group-pipeline N   DPC_GROUP_PIPELINE  group commit batches under way at once (default 2)
  --script-timeout-ms MS  DPC_SCRIPT_TIMEOUT_MS  longest run of one JavaScript script
                                         (default 2000)
  --pg-bindir DIR      DPC_PG_BINDIR     PostgreSQL's programs for the private cluster
                                         (default: the newest under /usr/lib/postgresql)
  --tls-cert FILE      DPC_TLS_CERT      HTTPS: PEM certificate chain (with --tls-key)
  --tls-key FILE       DPC_TLS_KEY       HTTPS: PEM private key (with --tls-cert)
  --cors-origins LIST  DPC_CORS_ORIGINS  origins allowed cross-origin calls with credentials,
                                         e.g. https://a.example,https://b.example (default none)
  --public-rate N      DPC_PUBLIC_RATE   public endpoints (market, application forms):
                                         requests per second per client address (default 10)
  --public-burst N     DPC_PUBLIC_BURST  ... and how many at once (default 40); more: 429
  --trusted-proxies LIST  DPC_TRUSTED_PROXIES  proxy addresses whose X-Forwarded-For names
                                         the client (comma-separated IPs; default none)
  --test-clock         DPC_TEST_CLOCK=1  tests only: /api/test/clock moves the engine clock
  --demo               DPC_DEMO=1        create the demo users and groups (demo/demo, ...)
                                         and print them; never in production
  --session-idle-timeout S  DPC_SESSION_IDLE_TIMEOUT  browser session ends after S idle
                                         seconds (default 1800)
  --session-max-age S  DPC_SESSION_MAX_AGE  browser session ends S seconds after login
                                         (default 43200)
  (none)               DPC_ADMIN_USER, DPC_ADMIN_PASSWORD  on start, create this user in
                                         camunda-admin when it does not exist yet
  --insecure-no-auth   DPC_INSECURE_NO_AUTH=1  benchmarks only: no authentication at all
  --metrics-public     DPC_METRICS_PUBLIC=1  GET /metrics without credentials (for a
                                         Prometheus scraper; default: administrators only)

Exit codes: 0 ok, 1 runtime failure, 2 bad command line.
)";
}

namespace {

struct Option {
  const char* flag;
  const char* env;
  // Applies a value; returns an error message or empty.
  std::function<std::string(ServeConfig&, const std::string&)> apply;
  bool takes_value = true;
  const char* flag_value = "0";  // what a flag without a value means (--no-x: "0")
};

std::string set_int(int& out, const std::string& v, int min, int max) {
  auto n = parse_int(v);
  if (!n || *n < min || *n > max) {
    return "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
  }
  out = static_cast<int>(*n);
  return {};
}

std::string set_flag(bool& out, const std::string& v) {
  if (v == "0" || v == "false" || v == "off") out = false;
  else if (v == "1" || v == "true" || v == "on") out = true;
  else return "expected 0 or 1";
  return {};
}

// "https://a.example, http://localhost:3000": each an origin as browsers send it (scheme,
// host, optional port; no path), compared in lower case.
std::string set_origins(std::vector<std::string>& out, const std::string& v) {
  out.clear();
  for (auto part : split(v, ',')) {
    std::string origin = to_lower(trim(part));
    size_t host = origin.starts_with("https://") ? 8 : origin.starts_with("http://") ? 7 : 0;
    if (host == 0 || origin.size() == host || origin.find('/', host) != std::string::npos) {
      return "expected origins such as https://app.example.com, separated by commas";
    }
    out.push_back(std::move(origin));
  }
  return {};
}

const std::vector<Option>& options() {
  static const std::vector<Option> kOptions = {
      {"--port", "DPC_PORT", [](ServeConfig& c, const std::string& v) {
         return set_int(c.port, v, 0, 65535); }},
      {"--bind", "DPC_BIND", [](ServeConfig& c, const std::string& v) {
         if (v.empty()) return std::string("expected an address");
         c.bind_address = v; return std::string(); }},
      {"--database-url", "DPC_DATABASE_URL", [](ServeConfig& c, const std::string& v) {
         c.database_url = v; return std::string(); }},
      {"--analytics-database-url", "DPC_ANALYTICS_DATABASE_URL", [](ServeConfig& c, const std::string& v) {
         c.analytics_database_url = v; return std::string(); }},
      {"--data-dir", "DPC_DATA_DIR", [](ServeConfig& c, const std::string& v) {
         if (v.empty()) return std::string("expected a folder");
         c.data_dir = v; return std::string(); }},
      {"--log-level", "DPC_LOG_LEVEL", [](ServeConfig& c, const std::string& v) {
         static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
         for (auto l : kLevels) if (v == l) { c.log_level = v; return std::string(); }
         return std::string("expected one of trace, debug, info, warn, error, off"); }},
      {"--web-root", "DPC_WEB_ROOT", [](ServeConfig& c, const std::string& v) {
         c.web_root = v; return std::string(); }},
      {"--samples", "DPC_SAMPLES_DIR", [](ServeConfig& c, const std::string& v) {
         c.samples_dir = v; return std::string(); }},
      {"--max-body", "DPC_MAX_BODY", [](ServeConfig& c, const std::string& v) {
         auto n = parse_int(v);
         if (!n || *n < 1024 || *n > (1LL << 32)) return std::string("expected bytes from 1024 to 4294967296");
         c.max_body_bytes = static_cast<size_t>(*n); return std::string(); }},
      {"--read-timeout", "DPC_READ_TIMEOUT", [](ServeConfig& c, const std::string& v) {
         return set_int(c.read_timeout_seconds, v, 1, 3600); }},
      {"--idle-timeout", "DPC_IDLE_TIMEOUT", [](ServeConfig& c, const std::string& v) {
         return set_int(c.idle_timeout_seconds, v, 1, 3600); }},
      {"--workers", "DPC_WORKERS", [](ServeConfig& c, const std::string& v) {
         return set_int(c.worker_threads, v, 1, 1024); }},
      {"--db-pool", "DPC_DB_POOL", [](ServeConfig& c, const std::string& v) {
         return set_int(c.db_pool_size, v, 1, 1000); }},
      {"--no-access-log", "DPC_ACCESS_LOG", [](ServeConfig& c, const std::string& v) {
         if (v == "0" || v == "false" || v == "off") c.access_log = false;
         else if (v == "1" || v == "true" || v == "on") c.access_log = true;
         else return std::string("expected 0 or 1");
         return std::string(); }, false},
      {"--job-lock-millis", "DPC_JOB_LOCK_MILLIS", [](ServeConfig& c, const std::string& v) {
         auto n = parse_int(v);
         if (!n || *n < 100 || *n > 24LL * 3600 * 1000) return std::string("expected milliseconds from 100 to 86400000");
         c.job_lock_millis = *n; return std::string(); }},
      {"--job-threads", "DPC_JOB_THREADS", [](ServeConfig& c, const std::string& v) {
         return set_int(c.job_threads, v, 1, 64); }},
      {"--group-pipeline", "DPC_GROUP_PIPELINE", [](ServeConfig& c, const std::string& v) {
         return set_int(c.group_pipeline, v, 1, 16); }},
      {"--script-timeout-ms", "DPC_SCRIPT_TIMEOUT_MS", [](ServeConfig& c, const std::string& v) {
         return set_int(c.script_timeout_ms, v, 1, 3600 * 1000); }},
      {"--pg-bindir", "DPC_PG_BINDIR", [](ServeConfig& c, const std::string& v) {
         c.pg_bindir = v; return std::string(); }},
      {"--tls-cert", "DPC_TLS_CERT", [](ServeConfig& c, const std::string& v) {
         c.tls_cert_file = v; return std::string(); }},
      {"--tls-key", "DPC_TLS_KEY", [](ServeConfig& c, const std::string& v) {
         c.tls_key_file = v; return std::string(); }},
      {"--cors-origins", "DPC_CORS_ORIGINS", [](ServeConfig& c, const std::string& v) {
         return set_origins(c.cors_origins, v); }},
      {"--public-rate", "DPC_PUBLIC_RATE", [](ServeConfig& c, const std::string& v) {
         return set_int(c.public_rate, v, 1, 1000000); }},
      {"--public-burst", "DPC_PUBLIC_BURST", [](ServeConfig& c, const std::string& v) {
         return set_int(c.public_burst, v, 1, 1000000); }},
      {"--trusted-proxies", "DPC_TRUSTED_PROXIES", [](ServeConfig& c, const std::string& v) {
         c.trusted_proxies.clear();
         size_t at = 0;
         while (at <= v.size()) {
           size_t comma = v.find(',', at);
           std::string item = v.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
           if (item.empty() || item.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos) {
             return std::string("expected comma-separated IP addresses");
           }
           c.trusted_proxies.push_back(item);
           if (comma == std::string::npos) break;
           at = comma + 1;
         }
         return std::string(); }},
      {"--test-clock", "DPC_TEST_CLOCK", [](ServeConfig& c, const std::string& v) {
         if (v == "0" || v == "false" || v == "off") c.test_clock = false;
         else if (v == "1" || v == "true" || v == "on") c.test_clock = true;
         else return std::string("expected 0 or 1");
         return std::string(); }, false, "1"},
      {"--demo", "DPC_DEMO", [](ServeConfig& c, const std::string& v) {
         return set_flag(c.demo, v); }, false, "1"},
      {"--session-idle-timeout", "DPC_SESSION_IDLE_TIMEOUT", [](ServeConfig& c, const std::string& v) {
         return set_int(c.session_idle_seconds, v, 1, 7 * 24 * 3600); }},
      {"--session-max-age", "DPC_SESSION_MAX_AGE", [](ServeConfig& c, const std::string& v) {
         return set_int(c.session_max_seconds, v, 1, 30 * 24 * 3600); }},
      {"--insecure-no-auth", "DPC_INSECURE_NO_AUTH", [](ServeConfig& c, const std::string& v) {
         return set_flag(c.insecure_no_auth, v); }, false, "1"},
      {"--metrics-public", "DPC_METRICS_PUBLIC", [](ServeConfig& c, const std::string& v) {
         return set_flag(c.metrics_public, v); }, false, "1"},
  };
  return kOptions;
}

}  // namespace

Result<Command> parse_command_line(const std::vector<std::string>& argv, const EnvGetter& env) {
  Command cmd;
  size_t i = 0;
  if (argv.empty()) {
    cmd.name = "help";
    return cmd;
  }
  const std::string& first = argv[0];
  if (first == "--help" || first == "-h" || first == "help") {
    cmd.name = "help";
    return cmd;
  }
  if (first == "--version") {
    cmd.name = "version";
    return cmd;
  }
  static const char* kCommands[] = {"serve", "migrate", "version", "feel", "tck", "admin"};
  bool known = false;
  for (auto c : kCommands) known = known || first == c;
  if (!known) return Error::invalid("unknown command '" + first + "' (see dpc --help)");
  cmd.name = first;
  i = 1;

  bool takes_options = cmd.name == "serve" || cmd.name == "migrate";
  // admin reads the database settings from the environment; its flags are its own.
  if (takes_options || cmd.name == "admin") {
    for (const auto& opt : options()) {
      auto v = env(opt.env);
      if (!v || v->empty()) continue;  // an empty variable counts as unset
      std::string err = opt.apply(cmd.config, *v);
      if (!err.empty()) {
        return Error::invalid(std::string("bad value '") + *v + "' for " + opt.env + ": " + err);
      }
    }
    // Secrets only from the environment (a flag would show in `ps`).
    if (auto v = env("DPC_ADMIN_USER")) cmd.config.admin_user = *v;
    if (auto v = env("DPC_ADMIN_PASSWORD")) cmd.config.admin_password = *v;
  }
  for (; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      cmd.name = "help";
      return cmd;
    }
    if (!arg.starts_with("--") || !takes_options) {
      if (arg.starts_with("--") && cmd.name == "version") {
        return Error::invalid("unknown option '" + arg + "' for version");
      }
      cmd.args.push_back(arg);
      continue;
    }
    std::string name = arg, value;
    bool inline_value = false;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      inline_value = true;
    }
    const Option* found = nullptr;
    for (const auto& opt : options()) {
      if (name == opt.flag) found = &opt;
    }
    if (!found) return Error::invalid("unknown option '" + name + "' (see dpc --help)");
    if (!found->takes_value) {
      if (inline_value) return Error::invalid("option " + name + " takes no value");
      value = found->flag_value;
    } else if (!inline_value) {
      if (i + 1 >= argv.size()) return Error::invalid("option " + name + " needs a value");
      value = argv[++i];
    }
    std::string err = found->apply(cmd.config, value);
    if (!err.empty()) {
      return Error::invalid("bad value '" + value + "' for " + name + ": " + err);
    }
  }
  if (cmd.name == "serve" || cmd.name == "migrate") {
    if (!cmd.args.empty()) {
      return Error::invalid("unexpected argument '" + cmd.args[0] + "' (see dpc --help)");
    }
    if (cmd.config.tls_cert_file.empty() != cmd.config.tls_key_file.empty()) {
      return Error::invalid(
          "--tls-cert (DPC_TLS_CERT) and --tls-key (DPC_TLS_KEY) go together: give both or neither");
    }
  }
  return cmd;
}

}  // namespace dpc::app

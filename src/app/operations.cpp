// The node heartbeat and the operations routes. See operations.h.
#include "operations.h"

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "dpc/core/metrics.h"
#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"
#include "dpc/core/version.h"
#include "dpc/http/authorize.h"
#include "dpc/http/route_metrics.h"

namespace dpc::app {

using nlohmann::json;
namespace m = dpc::metrics;

namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

// Camunda's metric names (org.camunda.bpm.engine.management.Metrics) that dpc counts.
struct CamundaMetric {
  const char* name;
  m::Counter m::NodeMetrics::*counter;
};
constexpr CamundaMetric kCamundaMetrics[] = {
    {"activity-instance-start", &m::NodeMetrics::activity_instances_started},
    {"activity-instance-end", &m::NodeMetrics::activity_instances_ended},
    {"root-process-instance-start", &m::NodeMetrics::root_instances_started},
    {"job-acquired-success", &m::NodeMetrics::jobs_acquired},
    {"job-successful", &m::NodeMetrics::jobs_executed},
    {"job-failed", &m::NodeMetrics::jobs_failed},
};

const CamundaMetric* camunda_metric(std::string_view name) {
  for (const auto& c : kCamundaMetrics) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

void counter(std::string& out, const char* name, const char* help, uint64_t value) {
  m::write_header(out, name, "counter", help);
  m::write_sample(out, name, "", static_cast<double>(value));
}

void gauge(std::string& out, const char* name, const char* help, double value, std::string_view labels = {}) {
  m::write_header(out, name, "gauge", help);
  m::write_sample(out, name, labels, value);
}

http::Response text(std::string body) {
  http::Response r{200, "text/plain; version=0.0.4; charset=utf-8", std::move(body), {}, nullptr, nullptr};
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::string iso(int64_t ms) { return format_date_time(ms); }

}  // namespace

Operations::Operations(store::Database& db, Services& services, OperationsOptions options)
    : db_(db),
      services_(services),
      options_(options),
      registry_(db),
      node_id_(host_name() + ":" + std::to_string(options.port) + ":" + new_uuid().substr(0, 8)),
      host_(host_name()),
      started_at_(now_ms()) {
  thread_ = std::thread([this] { beat_loop(); });
}

Operations::~Operations() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  // A clean stop leaves no "not responding" row behind (a killed node's row stays a day).
  if (auto st = registry_.forget(node_id_); !st) spdlog::warn("node heartbeat: {}", st.error().message);
}

store::NodeBeat Operations::beat() const {
  store::NodeBeat b;
  b.node_id = node_id_;
  b.host = host_;
  b.version = version();
  b.started_at = started_at_;
  b.job_threads = options_.job_threads;
  b.job_threads_busy = static_cast<int>(m::node().job_threads_busy.value());
  for (const auto& c : kCamundaMetrics) b.metrics[c.name] = (m::node().*c.counter).value();
  return b;
}

void Operations::beat_loop() {
  bool warned = false;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto st = registry_.beat(beat());
    // An unreachable database is reported by /health/ready; warn once per outage only.
    if (!st && !warned) spdlog::warn("node heartbeat: {}", st.error().message);
    warned = !st;
    lock.lock();
    cv_.wait_for(lock, options_.beat_interval, [this] { return stopping_; });
  }
}

std::string Operations::metrics_text() {
  const m::NodeMetrics& n = m::node();
  std::string out;
  m::write_header(out, "dpc_build_info", "gauge", "The dpc version of this node.");
  m::write_sample(out, "dpc_build_info", "version=\"" + m::label_value(version()) + "\",node=\"" +
                                             m::label_value(node_id_) + "\"", 1);
  http::write_route_metrics(out);
  counter(out, "dpc_process_instances_started_total", "Process instances started (committed), called ones included.", n.instances_started.value());
  counter(out, "dpc_root_process_instances_started_total", "Process instances started not by a call activity.", n.root_instances_started.value());
  counter(out, "dpc_process_instances_ended_total", "Process instances ended (completed or cancelled).", n.instances_ended.value());
  counter(out, "dpc_activity_instances_started_total", "Activity instances started (committed).", n.activity_instances_started.value());
  counter(out, "dpc_activity_instances_ended_total", "Activity instances ended (committed).", n.activity_instances_ended.value());
  counter(out, "dpc_jobs_acquired_total", "Jobs the job executor of this node acquired.", n.jobs_acquired.value());
  counter(out, "dpc_jobs_executed_total", "Jobs executed without error.", n.jobs_executed.value());
  counter(out, "dpc_jobs_failed_total", "Jobs whose execution failed (retries decremented).", n.jobs_failed.value());
  counter(out, "dpc_external_tasks_locked_total", "External tasks locked by fetchAndLock.", n.external_tasks_locked.value());
  counter(out, "dpc_external_tasks_completed_total", "External tasks completed by workers.", n.external_tasks_completed.value());
  m::write_header(out, "dpc_group_commit_batch_size", "histogram", "Instance starts written per group-commit transaction.");
  n.group_commit_batch.write(out, "dpc_group_commit_batch_size");
  gauge(out, "dpc_job_executor_threads_busy", "Job executor threads running a job now.", static_cast<double>(n.job_threads_busy.value()));
  gauge(out, "dpc_job_executor_threads", "Job executor threads of this node.", options_.job_threads);
  gauge(out, "dpc_sse_clients", "Open /api/events streams on this node.", static_cast<double>(services_.events->subscribers()));
  store::PoolUse pool = registry_.pool_use();
  m::write_header(out, "dpc_db_pool_connections", "gauge", "Database connections of this node: in use, open, most allowed.");
  m::write_sample(out, "dpc_db_pool_connections", "state=\"in_use\"", static_cast<double>(pool.in_use));
  m::write_sample(out, "dpc_db_pool_connections", "state=\"open\"", static_cast<double>(pool.open));
  m::write_sample(out, "dpc_db_pool_connections", "state=\"max\"", static_cast<double>(pool.max));
  // Cluster-wide, from the database (left out while it does not answer).
  if (auto open = registry_.open_incidents()) {
    gauge(out, "dpc_incidents_open", "Incidents open in the cluster.", static_cast<double>(*open));
  }
  return out;
}

void Operations::add_routes(http::Router& router) {
  using http::Method;
  using http::Request;
  using http::Response;

  router.add(Method::kGet, "/health/live", [](Request&) {
    return Response::json(200, json{{"status", "UP"}, {"version", version()}}.dump());
  });
  router.add(Method::kGet, "/health/ready", [this](Request&) {
    store::Health h = db_.health(static_cast<int>(store::embedded_migrations().size()));
    json db = {{"status", h.database_up ? "UP" : "DOWN"}};
    if (!h.database_error.empty()) db["error"] = h.database_error;
    json body = {{"status", h.healthy() ? "UP" : "DOWN"},
                 {"database", db},
                 {"migrations", {{"applied", h.migrations_applied}, {"expected", h.migrations_expected}}}};
    return Response::json(h.healthy() ? 200 : 503, body.dump());
  });

  // /metrics: open only when the guard let it through without credentials (--metrics-public).
  router.add(Method::kGet, "/metrics", [this](Request& r) {
    if (r.principal) {
      if (auto st = http::authorize(r, identity::Resource::kSystem, "*", identity::perm::kRead); !st) {
        return http::error_response(st.error());
      }
    }
    return text(metrics_text());
  });

  router.add(Method::kGet, "/api/system", [this](Request& r) {
    if (auto st = http::authorize(r, identity::Resource::kSystem, "*", identity::perm::kRead); !st) {
      return http::error_response(st.error());
    }
    auto nodes = registry_.nodes();
    if (!nodes) return http::error_response(nodes.error());
    auto migrations = registry_.migrations();
    if (!migrations) return http::error_response(migrations.error());
    int64_t alive_ms = options_.beat_interval.count() * options_.alive_beats;
    json out_nodes = json::array();
    for (const auto& n : *nodes) {
      out_nodes.push_back({{"nodeId", n.beat.node_id},
                           {"host", n.beat.host},
                           {"version", n.beat.version},
                           {"startedAt", iso(n.beat.started_at)},
                           {"lastSeen", iso(n.last_seen)},
                           {"alive", n.age_ms <= alive_ms},
                           {"jobThreads", n.beat.job_threads},
                           {"jobThreadsBusy", n.beat.job_threads_busy},
                           {"self", n.beat.node_id == node_id_}});
    }
    json applied = json::array();
    for (const auto& mg : *migrations) {
      applied.push_back({{"version", mg.version}, {"name", mg.name}, {"appliedAt", iso(mg.applied_at)}});
    }
    store::PoolUse pool = registry_.pool_use();
    json body = {{"nodeId", node_id_},
                 {"nodes", out_nodes},
                 {"pool", {{"size", pool.max}, {"open", pool.open}, {"inUse", pool.in_use}}},
                 {"migrations", {{"applied", applied}, {"expected", store::embedded_migrations().size()}}}};
    return Response::json(200, body.dump());
  });

  // Camunda's GET /metrics/{name}/sum: {"result": n}. dpc keeps counts per node since the
  // node started (this node live, the others as of their last beat); startDate and endDate
  // are not applied (see README).
  router.add(Method::kGet, "/engine-rest/metrics/{name}/sum", [this](Request& r) {
    if (auto st = http::authorize(r, identity::Resource::kSystem, "*", identity::perm::kRead); !st) {
      return http::error_response(st.error());
    }
    const std::string& name = r.path_param("name");
    const CamundaMetric* metric = camunda_metric(name);
    if (!metric) {
      std::string known;
      for (const auto& c : kCamundaMetrics) known += (known.empty() ? "" : ", ") + std::string(c.name);
      return http::error_response(Error::invalid("metric '" + name + "' is not counted by dpc; known: " + known));
    }
    auto others = registry_.metric_sum(name, node_id_);
    if (!others) return http::error_response(others.error());
    uint64_t mine = (m::node().*metric->counter).value();
    return Response::json(200, json{{"result", *others + mine}}.dump());
  });
}

}  // namespace dpc::app

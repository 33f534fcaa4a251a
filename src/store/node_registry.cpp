// Heartbeat rows, migrations applied, open incidents and pool use. See node_registry.h.
#include "dpc/store/node_registry.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "connection_pool.h"
#include "pooled_transaction.h"

namespace dpc::store {

namespace {
constexpr const char* kNowMs = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";
constexpr const char* kWho = "node registry";
}  // namespace

Status NodeRegistry::beat(const NodeBeat& b, int64_t forget_after_ms) {
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& [name, value] : b.metrics) metrics[name] = value;
  auto r = in_transaction<bool>(db_, kWho, [&](pqxx::work& tx) {
    tx.exec_params(std::string("INSERT INTO node_heartbeat (node_id, host, version, started_at, last_seen,"
                               " job_threads, job_threads_busy, metrics) VALUES ($1, $2, $3, $4, ") + kNowMs +
                       ", $5, $6, $7::jsonb) ON CONFLICT (node_id) DO UPDATE SET host = EXCLUDED.host,"
                       " version = EXCLUDED.version, last_seen = EXCLUDED.last_seen,"
                       " job_threads = EXCLUDED.job_threads, job_threads_busy = EXCLUDED.job_threads_busy,"
                       " metrics = EXCLUDED.metrics",
                   b.node_id, b.host, b.version, b.started_at, b.job_threads, b.job_threads_busy,
                   metrics.dump());
    tx.exec_params(std::string("DELETE FROM node_heartbeat WHERE last_seen < ") + kNowMs + " - $1",
                   forget_after_ms);
    return true;
  });
  if (!r) return r.error();
  return {};
}

Status NodeRegistry::forget(const std::string& node_id) {
  auto r = in_transaction<bool>(db_, kWho, [&](pqxx::work& tx) {
    tx.exec_params("DELETE FROM node_heartbeat WHERE node_id = $1", node_id);
    return true;
  });
  if (!r) return r.error();
  return {};
}

Result<std::vector<NodeRow>> NodeRegistry::nodes() {
  return in_transaction<std::vector<NodeRow>>(db_, kWho, [&](pqxx::work& tx) {
    std::vector<NodeRow> out;
    auto rows = tx.exec(std::string("SELECT node_id, host, version, started_at, last_seen, job_threads,"
                                    " job_threads_busy, ") + kNowMs +
                        " - last_seen FROM node_heartbeat ORDER BY started_at DESC, node_id");
    for (const auto& r : rows) {
      NodeRow n;
      n.beat.node_id = r[0].as<std::string>();
      n.beat.host = r[1].as<std::string>();
      n.beat.version = r[2].as<std::string>();
      n.beat.started_at = r[3].as<int64_t>();
      n.last_seen = r[4].as<int64_t>();
      n.beat.job_threads = r[5].as<int>();
      n.beat.job_threads_busy = r[6].as<int>();
      n.age_ms = r[7].as<int64_t>();
      out.push_back(std::move(n));
    }
    return out;
  });
}

Result<std::vector<AppliedMigration>> NodeRegistry::migrations() {
  return in_transaction<std::vector<AppliedMigration>>(db_, kWho, [&](pqxx::work& tx) {
    std::vector<AppliedMigration> out;
    auto rows = tx.exec("SELECT version, name, (extract(epoch FROM applied_at) * 1000)::bigint"
                        " FROM schema_migrations ORDER BY version");
    for (const auto& r : rows) out.push_back({r[0].as<int>(), r[1].as<std::string>(), r[2].as<int64_t>()});
    return out;
  });
}

Result<long long> NodeRegistry::open_incidents() {
  return in_transaction<long long>(db_, kWho, [&](pqxx::work& tx) {
    return tx.exec("SELECT count(*) FROM incident")[0][0].as<long long>();
  });
}

Result<uint64_t> NodeRegistry::metric_sum(const std::string& name, const std::string& except_node) {
  return in_transaction<uint64_t>(db_, kWho, [&](pqxx::work& tx) {
    auto r = tx.exec_params("SELECT coalesce(sum((metrics ->> $1)::numeric), 0)::bigint FROM node_heartbeat"
                            " WHERE node_id <> $2",
                            name, except_node);
    return static_cast<uint64_t>(r[0][0].as<int64_t>());
  });
}

PoolUse NodeRegistry::pool_use() const {
  Database::Pool& pool = db_.pool();
  std::lock_guard lock(pool.mu);
  return {pool.options.max_connections, pool.open, pool.open - pool.idle.size()};
}

}  // namespace dpc::store

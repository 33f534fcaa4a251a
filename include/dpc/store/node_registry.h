// The nodes of the cluster and the database's state for operations (GET /api/system,
// /metrics, /health/ready, /engine-rest/metrics): heartbeat rows (migration 0019), the
// migrations applied, open incidents and this node's connection pool.
//
// Thread-safety: every method may be called from any thread at once.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/store/database.h"

namespace dpc::store {

// What a node says about itself in each beat.
struct NodeBeat {
  std::string node_id;
  std::string host;
  std::string version;
  int64_t started_at = 0;  // ms since the epoch
  int job_threads = 0;
  int job_threads_busy = 0;
  std::map<std::string, uint64_t> metrics;  // Camunda metric name -> count since start
};

struct NodeRow {
  NodeBeat beat;
  int64_t last_seen = 0;  // ms since the epoch, the database's clock
  int64_t age_ms = 0;     // database now - last_seen
};

struct AppliedMigration {
  int version = 0;
  std::string name;
  int64_t applied_at = 0;  // ms since the epoch
};

struct PoolUse {
  size_t max = 0;   // --db-pool
  size_t open = 0;  // connections open (idle + lent)
  size_t in_use = 0;
};

class NodeRegistry {
 public:
  explicit NodeRegistry(Database& db) : db_(db) {}

  // Upserts the node's row with last_seen = the database's now, and removes rows of nodes
  // not seen for `forget_after_ms`.
  Status beat(const NodeBeat& beat, int64_t forget_after_ms = 24LL * 3600 * 1000);
  // Every node row, newest start first.
  Result<std::vector<NodeRow>> nodes();
  // Removes the node's row (a clean stop: the node is gone, not "not responding").
  Status forget(const std::string& node_id);
  Result<std::vector<AppliedMigration>> migrations();
  // Incidents open now (the incident table), for the incidents gauge.
  Result<long long> open_incidents();
  // The sum of one Camunda metric over the node rows other than `except_node` (each node's
  // count since it started, as of its last beat).
  Result<uint64_t> metric_sum(const std::string& name, const std::string& except_node);
  PoolUse pool_use() const;

 private:
  Database& db_;
};

}  // namespace dpc::store

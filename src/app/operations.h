// Operations around the node (issue 15): the heartbeat that records this node in
// node_heartbeat every few seconds, and the routes that show the node to operators:
//   GET /metrics          Prometheus text format (SYSTEM READ, i.e. admins; or anyone when
//                         --metrics-public, for a scraper inside the cluster's network)
//   GET /health/live      the process answers (no database involved)
//   GET /health/ready     the database answers and every migration is applied (else 503)
//   GET /api/system       nodes (alive, last seen), this node's pool, migrations (admins)
//   GET /engine-rest/metrics/{name}/sum   Camunda's metrics REST (sums since the nodes started)
// Owns one thread (the heartbeat); destroy it before the Services and the Database. A clean
// stop removes the node's row; a killed node's row shows as not responding for a day.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "dpc/http/router.h"
#include "dpc/store/database.h"
#include "dpc/store/node_registry.h"
#include "services.h"

namespace dpc::app {

struct OperationsOptions {
  int job_threads = 4;
  int port = 8080;
  std::chrono::milliseconds beat_interval{5000};
  // A node whose last beat is older than this many intervals is shown as not responding.
  int alive_beats = 3;
};

class Operations {
 public:
  Operations(store::Database& db, Services& services, OperationsOptions options);
  ~Operations();
  Operations(const Operations&) = delete;
  Operations& operator=(const Operations&) = delete;

  void add_routes(http::Router& router);
  const std::string& node_id() const { return node_id_; }

 private:
  void beat_loop();
  store::NodeBeat beat() const;
  std::string metrics_text();

  store::Database& db_;
  Services& services_;
  OperationsOptions options_;
  store::NodeRegistry registry_;
  std::string node_id_, host_;
  int64_t started_at_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dpc::app

// Request counters per route pattern ("/engine-rest/task/{id}/complete", never the concrete
// path, so the number of series stays bounded) and method: how many answers with which
// status, and a latency histogram. Each route owns its slot from registration on, so a
// request only touches atomics of its own route (no lock, no lookup by name).
//
// Thread-safety: route_metrics() may be called from any thread (it locks; the router calls
// it at start-up); record() and write_route_metrics() any time from any thread.
#pragma once

#include <array>
#include <atomic>
#include <string>
#include <string_view>

#include "dpc/core/metrics.h"
#include "dpc/http/message.h"

namespace dpc::http {

class RouteMetrics {
 public:
  RouteMetrics(Method method, std::string route) : method_(method), route_(std::move(route)) {}
  void record(int status, double seconds);
  void write(std::string& counts, std::string& latency) const;

 private:
  // Statuses seen, claimed lock-free (0 = free slot); a route seldom answers more than a
  // handful of different ones. Beyond kSlots the last slot counts them as status "other".
  static constexpr size_t kSlots = 12;
  Method method_;
  std::string route_;
  std::array<std::atomic<int>, kSlots> status_{};
  std::array<std::atomic<uint64_t>, kSlots> count_{};
  metrics::Histogram latency_{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
};

// The slot of `method` on `route` (created on first call; the same slot on later calls, so
// a router built twice in one process counts into one series). Never freed.
RouteMetrics& route_metrics(Method method, std::string_view route);
// Requests that matched no route (404), per method, as route "(unmatched)".
RouteMetrics& unmatched_route_metrics(Method method);

// dpc_http_requests_total and dpc_http_request_duration_seconds of every route that has
// answered at least once.
void write_route_metrics(std::string& out);

}  // namespace dpc::http

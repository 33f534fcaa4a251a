// Per-route request counters and latency histograms. See dpc/http/route_metrics.h.
#include "dpc/http/route_metrics.h"

#include <deque>
#include <map>
#include <mutex>

namespace dpc::http {

namespace {

struct Registry {
  std::mutex mu;
  std::deque<RouteMetrics> slots;  // a deque never moves its elements
  std::map<std::pair<Method, std::string>, RouteMetrics*, std::less<>> by_route;
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void RouteMetrics::record(int status, double seconds) {
  size_t i = 0;
  for (; i < kSlots; ++i) {
    int seen = status_[i].load(std::memory_order_relaxed);
    if (seen == status) break;
    if (seen == 0) {
      int expected = 0;
      if (status_[i].compare_exchange_strong(expected, status, std::memory_order_relaxed) ||
          expected == status) {
        break;
      }
    }
  }
  if (i == kSlots) {
    i = kSlots - 1;  // full: counted under the last status (written as "other")
    status_[i].store(-1, std::memory_order_relaxed);
  }
  count_[i].fetch_add(1, std::memory_order_relaxed);
  latency_.observe(seconds);
}

void RouteMetrics::write(std::string& counts, std::string& latency) const {
  if (latency_.count() == 0) return;
  std::string labels = "method=\"" + std::string(method_name(method_)) + "\",route=\"" +
                       metrics::label_value(route_) + "\"";
  for (size_t i = 0; i < kSlots; ++i) {
    int status = status_[i].load(std::memory_order_relaxed);
    uint64_t n = count_[i].load(std::memory_order_relaxed);
    if (status == 0 || n == 0) continue;
    std::string code = status < 0 ? "other" : std::to_string(status);
    metrics::write_sample(counts, "dpc_http_requests_total", labels + ",status=\"" + code + "\"",
                          static_cast<double>(n));
  }
  latency_.write(latency, "dpc_http_request_duration_seconds", labels);
}

RouteMetrics& route_metrics(Method method, std::string_view route) {
  Registry& r = registry();
  std::lock_guard lock(r.mu);
  auto key = std::make_pair(method, std::string(route));
  if (auto it = r.by_route.find(key); it != r.by_route.end()) return *it->second;
  RouteMetrics& slot = r.slots.emplace_back(method, std::string(route));
  r.by_route.emplace(std::move(key), &slot);
  return slot;
}

RouteMetrics& unmatched_route_metrics(Method method) {
  constexpr size_t kMethods = static_cast<size_t>(Method::kOther) + 1;
  static const std::array<RouteMetrics*, kMethods> slots = [] {
    std::array<RouteMetrics*, kMethods> all{};
    for (size_t i = 0; i < kMethods; ++i) all[i] = &route_metrics(static_cast<Method>(i), "(unmatched)");
    return all;
  }();
  return *slots[static_cast<size_t>(method)];
}

void write_route_metrics(std::string& out) {
  std::string counts, latency;
  {
    Registry& r = registry();
    std::lock_guard lock(r.mu);  // only against a route being added meanwhile
    for (const auto& slot : r.slots) slot.write(counts, latency);
  }
  metrics::write_header(out, "dpc_http_requests_total", "counter",
                        "HTTP requests answered, by method, route pattern and status.");
  out += counts;
  metrics::write_header(out, "dpc_http_request_duration_seconds", "histogram",
                        "Time from routing to the answer (deferred answers: until completed), by route pattern.");
  out += latency;
}

}  // namespace dpc::http

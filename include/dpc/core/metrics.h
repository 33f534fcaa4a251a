// The node's operational counters for GET /metrics (Prometheus text format) and Camunda's
// /metrics REST: plain atomics bumped on the hot path (relaxed, no lock), read when scraped.
// One process-wide set (metrics::node()); every module may count into it, since core is
// below everyone. Per-route request counters live in the http module (route_metrics.h).
//
// Thread-safety: every method may be called from any thread at any time.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace dpc::metrics {

// A count that only goes up.
class Counter {
 public:
  void add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down (SSE clients, busy threads).
class Gauge {
 public:
  void add(int64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  void sub(int64_t n = 1) { value_.fetch_sub(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// A Prometheus histogram with fixed upper bounds (at most kMaxBuckets, +Inf implied).
// observe() is a bucket search over a dozen doubles and three relaxed atomic adds.
class Histogram {
 public:
  static constexpr size_t kMaxBuckets = 16;
  explicit Histogram(std::initializer_list<double> bounds);
  void observe(double value);
  // Writes `name`_bucket/_sum/_count lines; `labels` is "" or `a="b",c="d"`.
  void write(std::string& out, std::string_view name, std::string_view labels = {}) const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::array<double, kMaxBuckets> bounds_{};
  size_t size_ = 0;
  std::array<std::atomic<uint64_t>, kMaxBuckets + 1> counts_{};  // per bucket, not cumulative
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_micro_{0};  // sum in millionths, so it stays an integer atomic
};

// What the engine, the job executor and the stores count on this node since it started.
struct NodeMetrics {
  // Committed process instances (root and called) started and ended.
  Counter instances_started, instances_ended;
  Counter root_instances_started;  // not started by a call activity (Camunda's root-process-instance-start)
  // Committed activity instances started and ended (Camunda's activity-instance-start/-end).
  Counter activity_instances_started, activity_instances_ended;
  // The job executor: jobs acquired (locked for this node), executed without error, failed.
  Counter jobs_acquired, jobs_executed, jobs_failed;
  // External tasks locked by fetchAndLock and completed by workers.
  Counter external_tasks_locked, external_tasks_completed;
  // Instance starts per group-commit transaction.
  Histogram group_commit_batch{1, 2, 4, 8, 16, 32, 64, 128, 256};
  // Job executor threads running a job now.
  Gauge job_threads_busy;
};

NodeMetrics& node();

// Prometheus text helpers: "# HELP/# TYPE" then one sample.
void write_header(std::string& out, std::string_view name, std::string_view type, std::string_view help);
void write_sample(std::string& out, std::string_view name, std::string_view labels, double value);
// Escapes a label value (backslash, quote, newline).
std::string label_value(std::string_view v);

}  // namespace dpc::metrics

// The questions the dashboard asks (funnel, heatmap, KPIs) and their answers, as plain
// values. Times are epoch milliseconds (UTC); durations are milliseconds. Medians and p90s
// are nearest-rank: the value at 1-based rank ceil(q * n) of the n sorted durations, so
// every figure is a duration that really occurred (PostgreSQL's percentile_disc agrees).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dpc::analytics {

// Which instances a question covers: one process key, optionally one version, started
// within [from, to] (both inclusive, either open); `instance_ids` not empty: only those.
struct InstanceFilter {
  std::string process_definition_key;
  std::optional<int> version;
  std::optional<std::int64_t> from, to;
  std::vector<std::string> instance_ids;
};

// A dimension: "businessKey" or the name of a process variable (its last value).
inline constexpr const char* kBusinessKeyDimension = "businessKey";

struct FunnelQuery {
  InstanceFilter filter;
  std::vector<std::string> steps;  // activity, event or sequence-flow ids, in funnel order
  std::string group_by;            // empty = no breakdown
  // false: the durations between steps are not wanted, so the answer may come from the
  // daily aggregates alone (see FunnelSource).
  bool durations = true;
};

struct FunnelStep {
  std::string id;
  long long reached = 0;                         // instances that got here after every earlier step
  std::optional<double> conversion_from_previous;  // reached / previous reached (or started); null when that is 0
  std::optional<double> conversion_from_start;     // reached / started
  long long drop_off = 0;                          // previous reached (or started) - reached
  std::optional<std::int64_t> median_millis_from_previous;  // null when none reached it
  std::optional<std::int64_t> p90_millis_from_previous;
};

struct FunnelFigures {
  long long started = 0;
  std::vector<FunnelStep> steps;
};

struct FunnelGroup {
  std::optional<std::string> value;  // null: instances without the dimension's value
  FunnelFigures figures;
};

// How a funnel was answered. kAggregates: from the daily aggregates alone (counts only, no
// durations) — when durations are not asked, there is no breakdown, the range is whole UTC
// days, and in the model every step can only be reached through the step before it (so an
// instance reached step k in funnel order exactly when it ever reached it). kInstanceSteps:
// otherwise, per instance from the step table (and the raw log for `read_from_log`).
enum class FunnelSource { kAggregates, kInstanceSteps };

struct FunnelAnswer {
  FunnelSource source = FunnelSource::kInstanceSteps;
  FunnelFigures total;
  std::vector<FunnelGroup> groups;  // with group_by only, largest group first
  // How it was answered: every selected instance from the per-instance step table (first
  // and last occurrence of each step), and `read_from_log` of them (those whose order that
  // table cannot settle: a loop passing a step again around the previous step) from the
  // raw event log.
  long long read_from_log = 0;
};

// Heatmap: how often each activity and sequence flow ran for the selected instances.
struct ActivityHeat {
  std::string activity_id;
  std::string activity_type;
  long long count = 0;      // activity instances started
  long long completed = 0;  // ended without being canceled
  long long waiting = 0;    // still active now
  long long incidents = 0;  // open incidents at this activity
  std::optional<std::int64_t> median_millis, p90_millis;  // of the completed ones
  std::optional<std::int64_t> avg_millis;                 // of the completed ones, rounded
  std::optional<std::int64_t> oldest_waiting_since;       // start of the longest-waiting one
};

struct FlowHeat {
  std::string flow_id;
  long long taken = 0;
};

struct Heatmap {
  long long instances = 0;  // selected instances
  std::vector<ActivityHeat> activities;  // by activity id
  std::vector<FlowHeat> flows;           // by flow id
};

// Where work piles up: activities with waiting work or open incidents.
struct Bottleneck {
  std::string activity_id;
  long long waiting = 0;
  std::optional<std::int64_t> oldest_wait_millis;  // now - start of the longest-waiting one
  std::optional<std::int64_t> p90_millis;
  long long incidents = 0;
};

enum class Interval { kDay, kWeek, kMonth };

struct KpiQuery {
  InstanceFilter filter;
  Interval interval = Interval::kDay;
  std::string group_by;      // empty = no breakdown
  std::string sum_variable;  // empty = no sum
};

// One period (by instance start, UTC; weeks start on Monday) and dimension value.
struct KpiBucket {
  std::int64_t start = 0;
  std::optional<std::string> group;
  long long started = 0;
  long long completed = 0;  // of those started in the period, how many completed (not canceled)
  std::optional<std::int64_t> lead_time_median_millis;  // of the completed
  std::optional<double> sum;  // of sum_variable's last numeric value over the period's instances
};

}  // namespace dpc::analytics

// AnalyticsStore: the port through which the analytics module reads the engine's history and
// event log (implemented in the store module with SQL). Read-only; implementations are
// thread-safe. Infrastructure failures are kUnavailable/kInternal errors.
#pragma once

#include <functional>
#include <vector>

#include "dpc/analytics/model.h"
#include "dpc/core/result.h"

namespace dpc::analytics {

// One selected instance: when it started, its dimension value, and every occurrence of the
// asked elements in the order they happened (an activity's or event's start, a flow's take):
// `elements[i]` indexes the asked ids, `times[i]` is when.
struct InstancePath {
  std::int64_t start_time = 0;
  std::optional<std::string> group;
  std::vector<int> elements;
  std::vector<std::int64_t> times;
};

// One element's occurrences in an instance, from the per-instance step table: when it first
// occurred, and the log order (*_ord: increasing in the order events happened, ties at the
// same millisecond included) of its first and last occurrence.
struct StepOccurrence {
  std::int64_t first_time = 0;
  std::int64_t first_ord = 0;
  std::int64_t last_ord = 0;
};

// One selected instance with its asked elements: `elements[i]` for the i-th asked id, empty
// when it never occurred.
struct InstanceSteps {
  std::string id;
  std::int64_t start_time = 0;
  std::optional<std::string> group;
  std::vector<std::optional<StepOccurrence>> elements;
};

struct ReachedCounts {
  long long started = 0;
  std::vector<long long> reached;  // per asked element
};

class AnalyticsStore {
 public:
  virtual ~AnalyticsStore() = default;
  // Calls `visit` once per instance `filter` selects (in no particular order), with the
  // occurrences of `element_ids` and, when `group_by` is not empty, the dimension's value.
  virtual Status instance_paths(const InstanceFilter& filter, const std::vector<std::string>& element_ids,
                                const std::string& group_by,
                                const std::function<void(const InstancePath&)>& visit) = 0;
  // Calls `visit` once per instance `filter` selects that has any of `element_ids` (every
  // selected instance when `group_by` is not empty), from the incrementally kept step table;
  // returns how many selected instances it did not visit.
  virtual Result<long long> instance_steps(const InstanceFilter& filter, const std::vector<std::string>& element_ids,
                                           const std::string& group_by,
                                           const std::function<void(const InstanceSteps&)>& visit) = 0;
  // From the daily aggregates: instances started on the filter's days (`from`/`to` are
  // taken as whole UTC days) and, for each of `element_ids`, how many of them ever reached it.
  virtual Result<ReachedCounts> reached_counts(const InstanceFilter& filter,
                                               const std::vector<std::string>& element_ids) = 0;
  // Activities and flows of the selected instances; "waiting" and incidents as of now.
  virtual Result<Heatmap> heatmap(const InstanceFilter& filter) = 0;
  // One bucket per period (and dimension value) with at least one started instance, in order.
  virtual Result<std::vector<KpiBucket>> kpis(const KpiQuery& query) = 0;
};

}  // namespace dpc::analytics

// FunnelCounter: counts one funnel over instance paths, without I/O. A step is reached when
// it occurs after the previous step was reached (the earliest such occurrence, so an
// instance passing a step twice counts once, and a loop back does not count it again); the
// time from the previous step runs from that step's reaching (the instance's start for the
// first step). Not thread-safe; one counter per question (and per dimension value).
#pragma once

#include <string>
#include <vector>

#include "dpc/analytics/analytics_store.h"
#include "dpc/analytics/model.h"

namespace dpc::analytics {

class FunnelCounter {
 public:
  // `step_elements[k]`: the index, in the paths' element list, of the k-th step.
  explicit FunnelCounter(std::vector<int> step_elements);
  void add(const InstancePath& path);
  // The same from first/last occurrences; false (nothing counted) when they cannot settle
  // it: a step whose first occurrence is not after the previous step's but whose last is
  // (the instance needs add(path)).
  bool add(const InstanceSteps& steps);
  // Selected instances that reached no step.
  void add_unreached(long long n) { started_ += n; }
  // The figures, step k named `ids[k]`.
  FunnelFigures figures(const std::vector<std::string>& ids) const;

 private:
  std::vector<int> steps_;
  long long started_ = 0;
  std::vector<std::vector<std::int64_t>> durations_;  // per step, one per instance reaching it
};

// Funnel figures from counts alone (started, and per step how many reached it), without
// durations; steps named `ids`.
FunnelFigures figures_from_counts(long long started, const std::vector<long long>& reached,
                                  const std::vector<std::string>& ids);

// Nearest-rank quantile (q in (0, 1]) of `values` (reordered); nullopt when empty.
std::optional<std::int64_t> nearest_rank(std::vector<std::int64_t>& values, double q);

}  // namespace dpc::analytics

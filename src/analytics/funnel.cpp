// FunnelCounter: greedy subsequence matching of the funnel's steps over each instance's
// ordered occurrences (the earliest match is the one that lets the most later steps match).
#include "dpc/analytics/funnel.h"

#include <algorithm>
#include <cmath>

namespace dpc::analytics {

std::optional<std::int64_t> nearest_rank(std::vector<std::int64_t>& values, double q) {
  if (values.empty()) return std::nullopt;
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  rank = std::clamp<std::size_t>(rank, 1, values.size());
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

FunnelCounter::FunnelCounter(std::vector<int> step_elements)
    : steps_(std::move(step_elements)), durations_(steps_.size()) {}

void FunnelCounter::add(const InstancePath& path) {
  ++started_;
  std::size_t pos = 0;
  std::int64_t previous = path.start_time;
  for (std::size_t k = 0; k < steps_.size(); ++k) {
    while (pos < path.elements.size() && path.elements[pos] != steps_[k]) ++pos;
    if (pos == path.elements.size()) return;
    durations_[k].push_back(path.times[pos] - previous);
    previous = path.times[pos];
    ++pos;  // a later step (even the same id again) needs a later occurrence
  }
}

bool FunnelCounter::add(const InstanceSteps& steps) {
  std::int64_t previous_ord = 0, previous_time = steps.start_time;
  std::vector<std::int64_t> reached;
  for (int e : steps_) {
    const auto& occ = steps.elements[static_cast<std::size_t>(e)];
    if (!occ || occ->last_ord <= previous_ord) break;        // never after the previous step
    if (occ->first_ord <= previous_ord) return false;         // only a later occurrence is: which one?
    reached.push_back(occ->first_time - previous_time);
    previous_ord = occ->first_ord;
    previous_time = occ->first_time;
  }
  ++started_;
  for (std::size_t k = 0; k < reached.size(); ++k) durations_[k].push_back(reached[k]);
  return true;
}

FunnelFigures figures_from_counts(long long started, const std::vector<long long>& reached,
                                  const std::vector<std::string>& ids) {
  FunnelFigures f;
  f.started = started;
  long long previous = started;
  for (std::size_t k = 0; k < reached.size(); ++k) {
    FunnelStep s;
    s.id = ids[k];
    s.reached = reached[k];
    if (previous > 0) s.conversion_from_previous = static_cast<double>(s.reached) / static_cast<double>(previous);
    if (started > 0) s.conversion_from_start = static_cast<double>(s.reached) / static_cast<double>(started);
    s.drop_off = previous - s.reached;
    previous = s.reached;
    f.steps.push_back(std::move(s));
  }
  return f;
}

FunnelFigures FunnelCounter::figures(const std::vector<std::string>& ids) const {
  std::vector<long long> reached;
  for (const auto& d : durations_) reached.push_back(static_cast<long long>(d.size()));
  FunnelFigures f = figures_from_counts(started_, reached, ids);
  for (std::size_t k = 0; k < steps_.size(); ++k) {
    auto durations = durations_[k];
    f.steps[k].median_millis_from_previous = nearest_rank(durations, 0.5);
    f.steps[k].p90_millis_from_previous = nearest_rank(durations, 0.9);
  }
  return f;
}

}  // namespace dpc::analytics

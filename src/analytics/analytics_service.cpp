// AnalyticsService: validation against the deployed model, then the store's reads, then
// the figures (funnel matching, bottleneck ranking).
#include "dpc/analytics/analytics_service.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "dpc/analytics/funnel.h"

namespace dpc::analytics {

namespace {

Status check_filter(const InstanceFilter& f) {
  if (f.process_definition_key.empty()) return Error::invalid("processDefinitionKey is required");
  if (f.from && f.to && *f.from > *f.to) return Error::invalid("from: must not be after to");
  return {};
}

// An id the funnel may use: a flow node (activity, event, gateway) or a sequence flow.
bool known_step(const bpmn::ProcessDefinition& model, const std::string& id) {
  return model.find(id) != nullptr || model.find_flow(id) != nullptr;
}

// True when every path of the model to `later` passes `earlier`: `later` cannot be reached
// from any element without incoming flows (start events, boundary events, event
// subprocesses' and subprocesses' starts: conservatively, each a way in) without passing
// `earlier`. Elements and flows are nodes (a flow between its source and target).
bool always_after(const bpmn::ProcessDefinition& m, const std::string& earlier, const std::string& later) {
  if (earlier == later) return false;
  const std::size_t elements = m.elements.size();
  auto node_of = [&](const std::string& id) -> std::optional<std::size_t> {
    if (auto it = m.element_index.find(id); it != m.element_index.end()) return static_cast<std::size_t>(it->second);
    if (auto it = m.flow_index.find(id); it != m.flow_index.end()) return elements + static_cast<std::size_t>(it->second);
    return std::nullopt;
  };
  auto blocked = node_of(earlier), target = node_of(later);
  if (!blocked || !target) return false;
  std::vector<bool> seen(elements + m.flows.size(), false);
  seen[*blocked] = true;
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < elements; ++i) {
    if (m.elements[i].incoming.empty() && !seen[i]) {
      seen[i] = true;
      todo.push_back(i);
    }
  }
  while (!todo.empty()) {
    const std::size_t n = todo.back();
    todo.pop_back();
    if (n == *target) return false;
    auto visit = [&](std::size_t next) {
      if (!seen[next]) {
        seen[next] = true;
        todo.push_back(next);
      }
    };
    if (n < elements) {
      for (auto f : m.elements[n].outgoing) visit(elements + static_cast<std::size_t>(f));
    } else {
      visit(static_cast<std::size_t>(m.flows[n - elements].target));
    }
  }
  return true;
}

constexpr std::int64_t kDayMillis = 24LL * 3600 * 1000;

// The filter's range is whole UTC days (`to` at a day's last millisecond, or not before now).
bool whole_days(const InstanceFilter& f, std::int64_t now) {
  auto day_start = [](std::int64_t t) { return t % kDayMillis == 0; };
  return f.instance_ids.empty() && (!f.from || day_start(*f.from)) && (!f.to || day_start(*f.to + 1) || *f.to >= now);
}

}  // namespace

AnalyticsService::AnalyticsService(AnalyticsStore& store, engine::RepositoryService& repository, Clock clock)
    : store_(store), repository_(repository), clock_(std::move(clock)) {}

Result<engine::DeployedDefinition> AnalyticsService::definition(const InstanceFilter& filter) {
  if (auto st = check_filter(filter); !st) return st.error();
  if (filter.version) {
    engine::ProcessDefinitionQuery q;
    q.key = filter.process_definition_key;
    q.version = *filter.version;
    auto found = repository_.definitions(q);
    if (!found) return found.error();
    if (found->empty()) {
      return Error::invalid("version: process '" + filter.process_definition_key + "' has no version " +
                            std::to_string(*filter.version));
    }
    return repository_.deployed(found->front().id);
  }
  auto latest = repository_.latest_deployed(filter.process_definition_key);
  if (!latest && latest.error().kind == ErrorKind::kNotFound) {
    return Error::invalid("processDefinitionKey: no process definition with key '" +
                          filter.process_definition_key + "'");
  }
  return latest;
}

Result<FunnelAnswer> AnalyticsService::funnel(const FunnelQuery& query) {
  if (query.steps.empty()) return Error::invalid("steps: at least one step is required");
  auto def = definition(query.filter);
  if (!def) return def.error();
  for (const auto& id : query.steps) {
    if (!known_step(*def->model, id)) {
      return Error::invalid("steps: '" + id + "' is not an activity, event or sequence flow of process '" +
                            query.filter.process_definition_key + "'");
    }
  }
  // Distinct ids for the store; each step points at its id's index.
  std::vector<std::string> ids;
  std::vector<int> step_elements;
  for (const auto& id : query.steps) {
    auto it = std::find(ids.begin(), ids.end(), id);
    if (it == ids.end()) it = ids.insert(ids.end(), id);
    step_elements.push_back(static_cast<int>(it - ids.begin()));
  }
  bool from_aggregates = !query.durations && query.group_by.empty() && whole_days(query.filter, clock_()) &&
                         ids.size() == query.steps.size();
  for (std::size_t k = 1; from_aggregates && k < query.steps.size(); ++k) {
    from_aggregates = always_after(*def->model, query.steps[k - 1], query.steps[k]);
  }
  if (from_aggregates) {
    auto counts = store_.reached_counts(query.filter, ids);
    if (!counts) return counts.error();
    FunnelAnswer answer;
    answer.source = FunnelSource::kAggregates;
    answer.total = figures_from_counts(counts->started, counts->reached, query.steps);
    return answer;
  }
  FunnelCounter total(step_elements);
  std::map<std::optional<std::string>, FunnelCounter> groups;
  auto group_counter = [&](const std::optional<std::string>& value) -> FunnelCounter& {
    return groups.try_emplace(value, step_elements).first->second;
  };
  // Most instances are settled by their first and last occurrence of each step; the rest
  // (loops around a step) are read again from the raw event log, in chunks.
  std::vector<std::string> unsettled;
  auto unvisited = store_.instance_steps(query.filter, ids, query.group_by, [&](const InstanceSteps& s) {
    if (!total.add(s)) {
      unsettled.push_back(s.id);
    } else if (!query.group_by.empty()) {
      group_counter(s.group).add(s);
    }
  });
  if (!unvisited) return unvisited.error();
  total.add_unreached(*unvisited);
  constexpr std::size_t kChunk = 5000;
  for (std::size_t i = 0; i < unsettled.size(); i += kChunk) {
    InstanceFilter f = query.filter;
    f.instance_ids.assign(unsettled.begin() + static_cast<std::ptrdiff_t>(i),
                          unsettled.begin() + static_cast<std::ptrdiff_t>(std::min(unsettled.size(), i + kChunk)));
    auto st = store_.instance_paths(f, ids, query.group_by, [&](const InstancePath& p) {
      total.add(p);
      if (!query.group_by.empty()) group_counter(p.group).add(p);
    });
    if (!st) return st.error();
  }
  FunnelAnswer answer;
  answer.total = total.figures(query.steps);
  answer.read_from_log = static_cast<long long>(unsettled.size());
  for (const auto& [value, counter] : groups) answer.groups.push_back({value, counter.figures(query.steps)});
  std::stable_sort(answer.groups.begin(), answer.groups.end(),
                   [](const FunnelGroup& a, const FunnelGroup& b) { return a.figures.started > b.figures.started; });
  return answer;
}

Result<HeatmapAnswer> AnalyticsService::heatmap(const InstanceFilter& filter) {
  auto def = definition(filter);
  if (!def) return def.error();
  auto heat = store_.heatmap(filter);
  if (!heat) return heat.error();
  HeatmapAnswer answer{std::move(*heat), {}};
  const std::int64_t now = clock_();
  for (const auto& a : answer.heatmap.activities) {
    if (a.waiting == 0 && a.incidents == 0) continue;
    Bottleneck b{a.activity_id, a.waiting, std::nullopt, a.p90_millis, a.incidents};
    if (a.oldest_waiting_since) b.oldest_wait_millis = std::max<std::int64_t>(0, now - *a.oldest_waiting_since);
    answer.bottlenecks.push_back(std::move(b));
  }
  std::sort(answer.bottlenecks.begin(), answer.bottlenecks.end(), [](const Bottleneck& a, const Bottleneck& b) {
    if (a.waiting != b.waiting) return a.waiting > b.waiting;
    if (a.oldest_wait_millis != b.oldest_wait_millis) return a.oldest_wait_millis > b.oldest_wait_millis;
    if (a.incidents != b.incidents) return a.incidents > b.incidents;
    return a.activity_id < b.activity_id;
  });
  return answer;
}

Result<std::vector<KpiBucket>> AnalyticsService::kpis(const KpiQuery& query) {
  auto def = definition(query.filter);
  if (!def) return def.error();
  return store_.kpis(query);
}

}  // namespace dpc::analytics

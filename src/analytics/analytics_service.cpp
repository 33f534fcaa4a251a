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
  FunnelCounter total(step_elements);
  std::map<std::optional<std::string>, FunnelCounter> groups;
  auto st = store_.instance_paths(query.filter, ids, query.group_by, [&](const InstancePath& p) {
    total.add(p);
    if (!query.group_by.empty()) groups.try_emplace(p.group, step_elements).first->second.add(p);
  });
  if (!st) return st.error();
  FunnelAnswer answer;
  answer.total = total.figures(query.steps);
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

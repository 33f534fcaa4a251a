// AnalyticsService: the dashboard's questions over the engine's history and event log
// (funnel, heatmap with bottlenecks, KPIs per period). Checks each question against the
// deployed process (kInvalidArgument naming the field: unknown key, version or step id,
// `from` after `to`) before it reads anything. The funnel comes from the incrementally kept
// per-instance step table (AnalyticsStore::instance_steps), with the raw event log only for
// the instances that table cannot settle; heatmap and KPIs from the history. Thread-safe;
// the store and repository must outlive it. Authorization is the caller's (HTTP) job.
#pragma once

#include <cstdint>
#include <functional>

#include "dpc/analytics/analytics_store.h"
#include "dpc/analytics/model.h"
#include "dpc/core/result.h"
#include "dpc/engine/repository.h"

namespace dpc::analytics {

struct HeatmapAnswer {
  Heatmap heatmap;
  std::vector<Bottleneck> bottlenecks;  // most waiting first, then longest wait, then incidents
};

class AnalyticsService {
 public:
  using Clock = std::function<std::int64_t()>;
  AnalyticsService(AnalyticsStore& store, engine::RepositoryService& repository, Clock clock);

  Result<FunnelAnswer> funnel(const FunnelQuery& query);
  Result<HeatmapAnswer> heatmap(const InstanceFilter& filter);
  Result<std::vector<KpiBucket>> kpis(const KpiQuery& query);

 private:
  // The model the question is about (the version asked for, else the latest).
  Result<engine::DeployedDefinition> definition(const InstanceFilter& filter);
  AnalyticsStore& store_;
  engine::RepositoryService& repository_;
  Clock clock_;
};

}  // namespace dpc::analytics

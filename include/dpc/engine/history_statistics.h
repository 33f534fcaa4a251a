// Historic activity statistics of one process definition (Camunda's
// GET /history/process-definition/{id}/statistics): per activity, how many of its instances
// are running, finished, canceled and completed their scope, and its incidents by state
// (open, resolved, deleted). Read-only; plain values, no SQL here. Implementations are
// thread-safe; failures are values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/engine/model.h"
#include "dpc/engine/visibility.h"
#include "dpc/engine/work_queries.h"  // SortKey

namespace dpc::engine {

struct HistoricActivityStatisticsQuery {
  std::string definition_id;
  bool canceled = false, finished = false, complete_scope = false, incidents = false;
  std::optional<Millis> started_before, started_after, finished_before, finished_after;
  std::vector<std::string> process_instance_ids;
  std::vector<SortKey> sorting;  // activityId only
  Visibility visibility;         // READ on the historic instance or READ_HISTORY on the key
};

struct HistoricActivityStatistics {
  std::string activity_id;
  long long instances = 0;  // running (not ended)
  long long finished = 0, canceled = 0, complete_scope = 0;
  long long open_incidents = 0, resolved_incidents = 0, deleted_incidents = 0;
};

class HistoryStatisticsQueries {
 public:
  virtual ~HistoryStatisticsQueries() = default;
  // The activities with at least one counted instance or incident, by activity id.
  virtual Result<std::vector<HistoricActivityStatistics>> activity_statistics(
      const HistoricActivityStatisticsQuery& q) = 0;
};

}  // namespace dpc::engine

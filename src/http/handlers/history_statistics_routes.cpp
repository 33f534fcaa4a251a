// GET /engine-rest/history/process-definition/{id}/statistics: the Cockpit's history view
// counts per activity. See history_statistics_routes.h.
#include "dpc/http/handlers/history_statistics_routes.h"

#include <nlohmann/json.hpp>

#include "dpc/http/authorize.h"
#include "dpc/http/params.h"
#include "read_dto.h"

namespace dpc::http {

using nlohmann::json;

namespace {

Result<engine::HistoricActivityStatisticsQuery> statistics_query(const Request& req) {
  auto visible = visibility(req, read::history_rule());
  if (!visible) return visible.error();
  Params p = Params::from_query(req);
  engine::HistoricActivityStatisticsQuery q;
  q.definition_id = req.path_param("id");
  if (auto st = read::flags(p, {{"canceled", &q.canceled}, {"finished", &q.finished},
                                {"completeScope", &q.complete_scope}, {"incidents", &q.incidents}});
      !st) {
    return st.error();
  }
  if (auto st = read::dates(p, {{"startedBefore", &q.started_before}, {"startedAfter", &q.started_after},
                                {"finishedBefore", &q.finished_before}, {"finishedAfter", &q.finished_after}});
      !st) {
    return st.error();
  }
  q.process_instance_ids = p.list("processInstanceIdIn");
  auto sorts = read::sorting(p, {"activityId"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  q.visibility = std::move(*visible);
  return q;
}

json statistics_dto(const engine::HistoricActivityStatistics& s) {
  return {{"@class", "org.camunda.bpm.engine.rest.dto.history.HistoricActivityStatisticsDto"},
          {"id", s.activity_id},
          {"instances", s.instances},
          {"canceled", s.canceled},
          {"finished", s.finished},
          {"completeScope", s.complete_scope},
          {"openIncidents", s.open_incidents},
          {"resolvedIncidents", s.resolved_incidents},
          {"deletedIncidents", s.deleted_incidents}};
}

}  // namespace

void add_history_statistics_routes(Router& router, engine::HistoryStatisticsQueries& queries) {
  auto* qs = &queries;
  router.add(Method::kGet, "/engine-rest/history/process-definition/{id}/statistics", [qs](Request& req) {
    auto q = statistics_query(req);
    if (!q) return error_response(q.error());
    auto out = read::json_list(qs->activity_statistics(*q), statistics_dto);
    if (!out) return error_response(out.error());
    return json_ok(*out);
  });
}

}  // namespace dpc::http

// Open incidents (/engine-rest/incident, /count) and Cockpit's statistics
// (/process-definition/statistics, /process-definition/{id}/statistics). See read_routes.h.
#include <nlohmann/json.hpp>

#include "dpc/http/handlers/read_routes.h"
#include "read_dto.h"

namespace dpc::http {

using nlohmann::json;

namespace {

Result<engine::IncidentQuery> incident_query(const Params& p, const json*) {
  engine::IncidentQuery q;
  q.id = p.text("incidentId");
  q.type = p.text("incidentType");
  q.process_instance_id = p.text("processInstanceId");
  q.process_definition_id = p.text("processDefinitionId");
  q.activity_id = p.text("activityId");
  auto sorts = read::sorting(p, {"incidentId", "incidentMessage", "incidentTimestamp", "incidentType",
                                 "executionId", "activityId", "processInstanceId", "processDefinitionId",
                                 "configuration"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  return q;
}

// incidents=true, or incidentsForType=<type>; failedJobs=true counts jobs without retries.
Result<engine::StatisticsOptions> statistics_options(const Request& req) {
  auto visible = visibility(req, read::instance_rule());
  if (!visible) return visible.error();
  Params p = Params::from_query(req);
  engine::StatisticsOptions o;
  bool failed_jobs = false, root_incidents = false;
  if (auto st = read::flags(p, {{"incidents", &o.incidents}, {"failedJobs", &failed_jobs},
                                {"rootIncidents", &root_incidents}});
      !st) {
    return st.error();
  }
  o.failed_jobs = failed_jobs;
  o.incidents_for_type = p.text("incidentsForType");
  // Every dpc incident is its own root cause, so rootIncidents counts the same ones.
  o.incidents = o.incidents || root_incidents;
  if (o.incidents && o.incidents_for_type) {
    return Error::invalid("Only one of the query parameter incidents or incidentsForType can be set.");
  }
  o.visibility = std::move(*visible);
  return o;
}

}  // namespace

void add_incident_and_statistics_routes(Router& router, engine::RuntimeReadQueries& queries) {
  auto* qs = &queries;
  read::add_list_resource<engine::IncidentQuery>(
      router, "/engine-rest/incident",
      {incident_query,
       [qs](const auto& q) { return read::json_list(qs->incidents(q), read::incident_dto); },
       [qs](const auto& q) { return qs->count_incidents(q); }},
      false, read::instance_rule());

  router.add(Method::kGet, "/engine-rest/process-definition/statistics", [qs](Request& req) {
    auto o = statistics_options(req);
    if (!o) return error_response(o.error());
    auto out = read::json_list(qs->definition_statistics(*o), read::definition_statistics_dto);
    if (!out) return error_response(out.error());
    return json_ok(*out);
  });

  router.add(Method::kGet, "/engine-rest/process-definition/{id}/statistics", [qs](Request& req) {
    auto o = statistics_options(req);
    if (!o) return error_response(o.error());
    auto out = read::json_list(qs->activity_statistics(req.path_param("id"), *o),
                               read::activity_statistics_dto);
    if (!out) return error_response(out.error());
    return json_ok(*out);
  });
}

}  // namespace dpc::http

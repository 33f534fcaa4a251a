// GET /api/events, the sequence flows a case took, and Camunda's /history/detail with the
// user of each change. See live_routes.h.
#include "dpc/http/handlers/live_routes.h"

#include <nlohmann/json.hpp>

#include "dpc/http/instance_authorization.h"
#include "dto.h"
#include "read_dto.h"

namespace dpc::http {

using nlohmann::json;

namespace {

// Camunda's HistoricVariableUpdateDto, plus "userId".
json detail_dto(const engine::VariableDetail& d) {
  const auto& u = d.update;
  json dto = variable_to_json(u.value, true);  // value, type, valueInfo
  std::string type = dto.value("type", std::string());
  dto.erase("type");
  dto.update({
      {"type", "variableUpdate"},
      {"id", d.id},
      {"processDefinitionKey", text_or_null(u.process_definition_key)},
      {"processDefinitionId", text_or_null(d.process_definition_id)},
      {"processInstanceId", u.process_instance_id},
      {"activityInstanceId", text_or_null(u.activity_instance_id)},
      {"executionId", text_or_null(u.scope_id)},
      {"caseDefinitionKey", nullptr},
      {"caseDefinitionId", nullptr},
      {"caseInstanceId", nullptr},
      {"caseExecutionId", nullptr},
      {"taskId", text_or_null(u.task_id)},
      {"tenantId", nullptr},
      {"userOperationId", nullptr},
      {"time", format_camunda_date(u.time)},
      {"removalTime", nullptr},
      {"rootProcessInstanceId", u.process_instance_id},
      {"variableName", u.name},
      {"variableInstanceId", u.variable_id},
      {"variableType", type},
      {"revision", u.revision},
      {"initial", u.revision == 1},
      {"errorMessage", nullptr},
      {"userId", text_or_null(u.user_id)},
  });
  if (u.deleted) dto["value"] = nullptr;
  return dto;
}

// The query; form_fields_only: it asks for form fields only (dpc records none as such).
struct DetailRequest : engine::VariableDetailQuery {
  bool form_fields_only = false;
};

Result<DetailRequest> detail_query(const Params& p, const json*) {
  DetailRequest q;
  q.process_instance_id = p.text("processInstanceId");
  q.process_instance_id_in = p.list("processInstanceIdIn");
  q.task_id = p.text("taskId");
  q.variable_instance_id = p.text("variableInstanceId");
  q.variable_name = p.text("variableName");
  q.activity_instance_id = p.text("activityInstanceId");
  q.execution_id = p.text("executionId");
  q.user_id = p.text("userId");
  bool variable_updates = false, form_fields = false;
  if (auto st = read::flags(p, {{"variableUpdates", &variable_updates}, {"formFields", &form_fields}}); !st) {
    return st.error();
  }
  q.form_fields_only = form_fields && !variable_updates;
  auto sorts = read::sorting(p, {"processInstanceId", "variableName", "variableType", "variableRevision",
                                 "time", "occurrence"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  return q;
}

}  // namespace

void add_event_routes(Router& router, EventHub& hub) {
  router.add(Method::kGet, "/api/events", [&hub](Request& req) { return hub.subscribe(req); });
}

void add_case_history_routes(Router& router, engine::CaseHistoryQueries& story,
                             engine::RuntimeReadQueries& reads) {
  auto* st = &story;
  auto* qs = &reads;
  router.add(Method::kGet, "/api/history/process-instance/{id}/sequence-flows", [st, qs](Request& req) {
    const auto& id = req.path_param("id");
    if (auto a = authorize_instance(req, qs, id, kReadHistory); !a) return error_response(a.error());
    engine::HistoricProcessInstanceQuery q;
    q.id = id;
    auto rows = qs->historic_process_instances(q);
    if (!rows) return error_response(rows.error());
    if (rows->empty()) {
      return error_response(Error::not_found("Historic process instance with id " + id + " does not exist",
                                             "InvalidRequestException"));
    }
    auto flows = st->sequence_flows(id);
    if (!flows) return error_response(flows.error());
    json out = json::array();
    for (const auto& f : *flows) {
      out.push_back({{"sequenceFlowId", f.sequence_flow_id}, {"time", format_camunda_date(f.time)}});
    }
    return json_ok(out);
  });

  read::add_list_resource<DetailRequest>(
      router, "/engine-rest/history/detail",
      {detail_query,
       [st](const DetailRequest& q) -> Result<json> {
         if (q.form_fields_only) return json::array();
         return read::json_list(st->variable_details(q), detail_dto);
       },
       [st](const DetailRequest& q) -> Result<long long> {
         if (q.form_fields_only) return 0;
         return st->count_variable_details(q);
       }},
      true, read::history_rule());
}

}  // namespace dpc::http

// GET /history/decision-instance (+ /count): HistoricDecisionInstanceDto, with inputs and
// outputs when includeInputs / includeOutputs are set.
#include <nlohmann/json.hpp>

#include "dpc/http/authorize.h"
#include "dpc/http/handlers/decision_routes.h"
#include "dpc/http/params.h"
#include "dpc/http/variable_json.h"

namespace dpc::http {

using nlohmann::json;
using engine::DecisionHistoryStore;

namespace {

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json typed(json out, const TypedValue& v) {
  json value = variable_to_json(v);
  out["type"] = value["type"];
  out["value"] = value["value"];
  out["valueInfo"] = value.contains("valueInfo") ? value["valueInfo"] : json::object();
  out["errorMessage"] = nullptr;
  return out;
}

json instance_dto(const engine::HistoricDecisionInstanceRecord& h, bool inputs, bool outputs) {
  std::string time = format_camunda_date(h.evaluation_time);
  json out = {{"id", h.id},
              {"decisionDefinitionId", h.decision_definition_id},
              {"decisionDefinitionKey", h.decision_definition_key},
              {"decisionDefinitionName", text_or_null(h.decision_definition_name)},
              {"evaluationTime", time},
              {"removalTime", nullptr},
              {"processDefinitionId", text_or_null(h.process_definition_id)},
              {"processDefinitionKey", text_or_null(h.process_definition_key)},
              {"processInstanceId", text_or_null(h.process_instance_id)},
              {"rootProcessInstanceId", text_or_null(h.process_instance_id)},
              {"caseDefinitionId", nullptr},
              {"caseDefinitionKey", nullptr},
              {"caseInstanceId", nullptr},
              {"activityId", text_or_null(h.activity_id)},
              {"activityInstanceId", text_or_null(h.activity_instance_id)},
              {"tenantId", text_or_null(h.tenant_id)},
              {"userId", nullptr},
              {"collectResultValue", nullptr},
              {"rootDecisionInstanceId", nullptr},
              {"decisionRequirementsDefinitionId", nullptr},
              {"decisionRequirementsDefinitionKey", nullptr}};
  if (inputs) {
    json list = json::array();
    for (size_t i = 0; i < h.inputs.size(); ++i) {
      const auto& in = h.inputs[i];
      list.push_back(typed({{"id", h.id + ":in:" + std::to_string(i)},
                            {"decisionInstanceId", h.id},
                            {"clauseId", text_or_null(in.clause_id)},
                            {"clauseName", text_or_null(in.clause_name)},
                            {"createTime", time},
                            {"removalTime", nullptr},
                            {"rootProcessInstanceId", text_or_null(h.process_instance_id)}},
                           in.value));
    }
    out["inputs"] = list;
  }
  if (outputs) {
    json list = json::array();
    for (size_t i = 0; i < h.outputs.size(); ++i) {
      const auto& o = h.outputs[i];
      list.push_back(typed({{"id", h.id + ":out:" + std::to_string(i)},
                            {"decisionInstanceId", h.id},
                            {"clauseId", text_or_null(o.clause_id)},
                            {"clauseName", text_or_null(o.clause_name)},
                            {"ruleId", text_or_null(o.rule_id)},
                            {"ruleOrder", o.rule_order > 0 ? json(o.rule_order) : json(nullptr)},
                            {"variableName", text_or_null(o.variable_name)},
                            {"createTime", time},
                            {"removalTime", nullptr},
                            {"rootProcessInstanceId", text_or_null(h.process_instance_id)}},
                           o.value));
    }
    out["outputs"] = list;
  }
  return out;
}

Result<engine::DecisionInstanceQuery> read_query(const Request& req, const Params& p) {
  engine::DecisionInstanceQuery q;
  q.id = p.text("decisionInstanceId");
  q.decision_definition_id = p.text("decisionDefinitionId");
  q.decision_definition_key = p.text("decisionDefinitionKey");
  q.process_instance_id = p.text("processInstanceId");
  q.process_definition_id = p.text("processDefinitionId");
  q.process_definition_key = p.text("processDefinitionKey");
  q.activity_id = p.text("activityId");
  auto before = p.date("evaluatedBefore");
  if (!before) return before.error();
  q.evaluated_before = *before;
  auto after = p.date("evaluatedAfter");
  if (!after) return after.error();
  q.evaluated_after = *after;
  auto sorting = p.sorting({"evaluationTime"});
  if (!sorting) return sorting.error();
  if (!sorting->empty()) q.descending = sorting->front().descending;
  auto paging = p.paging();
  if (!paging) return paging.error();
  q.first_result = paging->first;
  q.max_results = paging->second;
  VisibilityRule rule;  // READ_HISTORY on the decision key
  rule.definition_resource = identity::Resource::kDecisionDefinition;
  rule.definition_permission = identity::perm::kReadHistory;
  auto visible = visibility(req, rule);
  if (!visible) return visible.error();
  q.visibility = std::move(*visible);
  return q;
}

Response list(DecisionHistoryStore& history, Request& req) {
  Params p = Params::from_query(req);
  auto q = read_query(req, p);
  if (!q) return error_response(q.error());
  auto inputs = p.flag("includeInputs");
  if (!inputs) return error_response(inputs.error());
  auto outputs = p.flag("includeOutputs");
  if (!outputs) return error_response(outputs.error());
  auto found = history.list(*q);
  if (!found) return error_response(found.error());
  json out = json::array();
  for (const auto& h : *found) out.push_back(instance_dto(h, *inputs, *outputs));
  return json_ok(out);
}

Response count(DecisionHistoryStore& history, Request& req) {
  auto q = read_query(req, Params::from_query(req));
  if (!q) return error_response(q.error());
  auto n = history.count(*q);
  if (!n) return error_response(n.error());
  return json_ok({{"count", *n}});
}

}  // namespace

void add_decision_history_routes(Router& router, DecisionHistoryStore& history) {
  const std::string base = "/engine-rest/history/decision-instance";
  router.add(Method::kGet, base, [&history](Request& req) { return list(history, req); });
  router.add(Method::kGet, base + "/count", [&history](Request& req) { return count(history, req); });
}

}  // namespace dpc::http

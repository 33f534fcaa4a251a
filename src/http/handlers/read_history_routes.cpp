// The history resources: /engine-rest/history/process-instance, /activity-instance, /task
// and /variable-instance (lists, counts, POST twins). See read_routes.h.
#include <nlohmann/json.hpp>

#include "dpc/http/handlers/read_routes.h"
#include "dpc/http/instance_authorization.h"
#include "read_dto.h"

namespace dpc::http {

using nlohmann::json;

namespace {

const char* const kStates[] = {"ACTIVE", "SUSPENDED", "COMPLETED", "EXTERNALLY_TERMINATED",
                               "INTERNALLY_TERMINATED"};

Result<engine::HistoricProcessInstanceQuery> process_query(const Params& p, const json*) {
  engine::HistoricProcessInstanceQuery q;
  q.id = p.text("processInstanceId");
  q.ids = p.list("processInstanceIds");
  q.definition_id = p.text("processDefinitionId");
  q.definition_key = p.text("processDefinitionKey");
  q.business_key = p.text("processInstanceBusinessKey");
  if (!q.business_key) q.business_key = p.text("businessKey");
  q.business_key_like = p.text("processInstanceBusinessKeyLike");
  if (!q.business_key_like) q.business_key_like = p.text("businessKeyLike");
  q.super_process_instance_id = p.text("superProcessInstanceId");
  q.state = p.text("state");
  if (q.state) {
    bool known = false;
    for (const char* s : kStates) known = known || *q.state == s;
    if (!known) {
      return Error::invalid("Cannot set query parameter 'state' to value '" + *q.state +
                            "': expected one of ACTIVE, SUSPENDED, COMPLETED, EXTERNALLY_TERMINATED, "
                            "INTERNALLY_TERMINATED");
    }
  }
  if (auto st = read::flags(p, {{"finished", &q.finished}, {"unfinished", &q.unfinished}}); !st) {
    return st.error();
  }
  if (auto st = read::dates(p, {{"startedBefore", &q.started_before}, {"startedAfter", &q.started_after},
                                {"finishedBefore", &q.finished_before}, {"finishedAfter", &q.finished_after}});
      !st) {
    return st.error();
  }
  auto sorts = read::sorting(p, {"instanceId", "definitionKey", "definitionId", "businessKey", "startTime",
                                 "endTime", "duration"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  return q;
}

Result<engine::HistoricActivityInstanceQuery> activity_query(const Params& p, const json*) {
  engine::HistoricActivityInstanceQuery q;
  q.activity_instance_id = p.text("activityInstanceId");
  q.process_instance_id = p.text("processInstanceId");
  q.process_definition_id = p.text("processDefinitionId");
  q.activity_id = p.text("activityId");
  q.activity_type = p.text("activityType");
  q.execution_id = p.text("executionId");
  q.task_assignee = p.text("taskAssignee");
  if (auto st = read::flags(p, {{"finished", &q.finished}, {"unfinished", &q.unfinished},
                                {"canceled", &q.canceled}, {"completeScope", &q.complete_scope}});
      !st) {
    return st.error();
  }
  if (auto st = read::dates(p, {{"startedBefore", &q.started_before}, {"startedAfter", &q.started_after},
                                {"finishedBefore", &q.finished_before}, {"finishedAfter", &q.finished_after}});
      !st) {
    return st.error();
  }
  auto sorts = read::sorting(p, {"activityInstanceId", "instanceId", "executionId", "activityId", "activityName",
                                 "activityType", "startTime", "endTime", "duration", "definitionId"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  return q;
}

Result<engine::HistoricTaskQuery> task_query(const Params& p, const json*) {
  engine::HistoricTaskQuery q;
  q.task_id = p.text("taskId");
  q.process_instance_id = p.text("processInstanceId");
  q.process_definition_id = p.text("processDefinitionId");
  q.process_definition_key = p.text("processDefinitionKey");
  q.task_definition_key = p.text("taskDefinitionKey");
  q.task_assignee = p.text("taskAssignee");
  q.task_name = p.text("taskName");
  q.task_name_like = p.text("taskNameLike");
  if (auto st = read::flags(p, {{"finished", &q.finished}, {"unfinished", &q.unfinished}}); !st) {
    return st.error();
  }
  auto sorts = read::sorting(p, {"taskId", "activityInstanceId", "processDefinitionId", "processInstanceId",
                                 "executionId", "duration", "endTime", "startTime", "taskName",
                                 "taskDescription", "assignee", "owner", "dueDate", "followUpDate",
                                 "deleteReason", "taskDefinitionKey", "priority"});
  if (!sorts) return sorts.error();
  q.sorting = std::move(*sorts);
  return q;
}

// The variable query plus deserializeValues, which only shapes the rendering.
struct VariableRequest : engine::HistoricVariableQuery {
  bool deserialize = true;
};

}  // namespace

void add_history_read_routes(Router& router, engine::RuntimeReadQueries& queries) {
  auto* qs = &queries;
  const std::string base = "/engine-rest/history";

  read::add_list_resource<engine::HistoricProcessInstanceQuery>(
      router, base + "/process-instance",
      {process_query,
       [qs](const auto& q) {
         return read::json_list(qs->historic_process_instances(q), read::historic_process_instance_dto);
       },
       [qs](const auto& q) { return qs->count_historic_process_instances(q); }},
      true, read::history_rule());
  router.add(Method::kGet, base + "/process-instance/{id}", [qs](Request& req) {
    const auto& id = req.path_param("id");
    engine::HistoricProcessInstanceQuery q;
    q.id = id;
    auto rows = qs->historic_process_instances(q);
    if (!rows) return error_response(rows.error());
    if (rows->empty()) {
      return error_response(Error::not_found("Historic process instance with id " + id + " does not exist",
                                             "InvalidRequestException"));
    }
    if (auto st = authorize_instance(req, qs, id, kReadHistory); !st) return error_response(st.error());
    return json_ok(read::historic_process_instance_dto(rows->front()));
  });

  read::add_list_resource<engine::HistoricActivityInstanceQuery>(
      router, base + "/activity-instance",
      {activity_query,
       [qs](const auto& q) {
         return read::json_list(qs->historic_activity_instances(q), read::historic_activity_instance_dto);
       },
       [qs](const auto& q) { return qs->count_historic_activity_instances(q); }},
      true, read::history_rule());

  read::add_list_resource<engine::HistoricTaskQuery>(
      router, base + "/task",
      {task_query,
       [qs](const auto& q) { return read::json_list(qs->historic_tasks(q), read::historic_task_dto); },
       [qs](const auto& q) { return qs->count_historic_tasks(q); }},
      true, read::history_rule());

  read::add_list_resource<VariableRequest>(
      router, base + "/variable-instance",
      {[](const Params& p, const json*) -> Result<VariableRequest> {
         VariableRequest r;
         engine::HistoricVariableQuery& q = r;
         q.variable_name = p.text("variableName");
         q.variable_name_like = p.text("variableNameLike");
         q.process_instance_id = p.text("processInstanceId");
         q.process_instance_id_in = p.list("processInstanceIdIn");
         q.task_id_in = p.list("taskIdIn");
         if (auto st = read::flags(p, {{"includeDeleted", &q.include_deleted}}); !st) return st.error();
         auto d = p.boolean("deserializeValues");
         if (!d) return d.error();
         r.deserialize = d->value_or(true);
         auto sorts = read::sorting(p, {"instanceId", "variableName"});
         if (!sorts) return sorts.error();
         q.sorting = std::move(*sorts);
         return r;
       },
       [qs](const VariableRequest& r) {
         bool deserialize = r.deserialize;
         return read::json_list(qs->historic_variables(r), [deserialize](const auto& h) {
           return read::historic_variable_dto(h, deserialize);
         });
       },
       [qs](const VariableRequest& r) { return qs->count_historic_variables(r); }},
      true, read::history_rule());

  // One variable by id, deleted or not; /data serves Bytes and File values raw.
  auto one_variable = [qs](Request& req, bool data) -> Response {
    engine::HistoricVariableQuery q;
    q.variable_id = req.path_param("id");
    q.include_deleted = true;
    auto deserialize = Params::from_query(req).boolean("deserializeValue");
    if (!deserialize) return error_response(deserialize.error());
    auto rows = qs->historic_variables(q);
    if (!rows) return error_response(rows.error());
    if (rows->empty()) {
      return error_response(Error::not_found("Historic variable instance with Id '" + *q.variable_id +
                                             "' does not exist.", "InvalidRequestException"));
    }
    const auto& h = rows->front();
    if (auto st = authorize_instance(req, qs, h.latest.process_instance_id, kReadHistory); !st) {
      return error_response(st.error());
    }
    if (!data) return json_ok(read::historic_variable_dto(h, deserialize->value_or(true)));
    return read::variable_data_response(h.latest.value, h.latest.name);
  };
  router.add(Method::kGet, base + "/variable-instance/{id}",
             [one_variable](Request& req) { return one_variable(req, false); });
  router.add(Method::kGet, base + "/variable-instance/{id}/data",
             [one_variable](Request& req) { return one_variable(req, true); });
}

}  // namespace dpc::http

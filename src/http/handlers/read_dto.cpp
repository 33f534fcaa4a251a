// Camunda DTO renderings and parameter helpers of the read-only resources. See read_dto.h.
#include "read_dto.h"

#include "dpc/http/variable_json.h"
#include "dto.h"
#include "repository_dto.h"

namespace dpc::http::read {

using nlohmann::json;

namespace {

json duration(engine::Millis start, const std::optional<engine::Millis>& end) {
  return end ? json(*end - start) : json(nullptr);
}

json incident_counts(const std::vector<engine::IncidentCount>& counts) {
  json out = json::array();
  for (const auto& c : counts) out.push_back({{"incidentType", c.type}, {"incidentCount", c.count}});
  return out;
}

}  // namespace

json activity_instance_tree_dto(const engine::ActivityInstanceNode& n) {
  json children = json::array(), transitions = json::array();
  for (const auto& c : n.children) {
    if (!c.transition) {
      children.push_back(activity_instance_tree_dto(c));
      continue;
    }
    json incidents = json::array();
    for (const auto& id : c.incident_ids) incidents.push_back({{"id", id}, {"activityId", c.activity_id}});
    transitions.push_back({
        {"id", c.id},
        {"parentActivityInstanceId", text_or_null(c.parent_id)},
        {"processInstanceId", c.process_instance_id},
        {"processDefinitionId", c.process_definition_id},
        {"activityId", c.activity_id},
        {"activityName", text_or_null(c.activity_name)},
        {"activityType", text_or_null(c.activity_type)},
        {"executionId", c.execution_ids.empty() ? json(nullptr) : json(c.execution_ids.front())},
        {"targetActivityId", c.activity_id},
        {"incidentIds", c.incident_ids},
        {"incidents", incidents},
    });
  }
  json incidents = json::array();
  for (const auto& id : n.incident_ids) incidents.push_back({{"id", id}, {"activityId", n.activity_id}});
  return {
      {"id", n.id},
      {"parentActivityInstanceId", text_or_null(n.parent_id)},
      {"activityId", n.activity_id},
      {"activityType", text_or_null(n.activity_type)},
      {"processInstanceId", n.process_instance_id},
      {"processDefinitionId", n.process_definition_id},
      {"childActivityInstances", children},
      {"childTransitionInstances", transitions},
      {"executionIds", n.execution_ids},
      {"activityName", text_or_null(n.activity_name)},
      {"name", text_or_null(n.activity_name)},
      {"incidentIds", n.incident_ids},
      {"incidents", incidents},
  };
}

json historic_process_instance_dto(const engine::HistoricProcessInstance& h) {
  const auto& p = h.instance;
  return {
      {"id", p.id},
      {"rootProcessInstanceId", p.id},
      {"superProcessInstanceId", text_or_null(p.super_process_instance_id)},
      {"superCaseInstanceId", nullptr},
      {"caseInstanceId", nullptr},
      {"processDefinitionName", text_or_null(h.definition_name)},
      {"processDefinitionKey", p.definition_key},
      {"processDefinitionVersion", p.definition_version},
      {"processDefinitionId", p.definition_id},
      {"businessKey", text_or_null(p.business_key)},
      {"startTime", format_camunda_date(p.start_time)},
      {"endTime", date_or_null(p.end_time)},
      {"removalTime", nullptr},
      {"durationInMillis", duration(p.start_time, p.end_time)},
      {"startUserId", nullptr},
      {"startActivityId", text_or_null(p.start_activity_id)},
      {"deleteReason", text_or_null(p.delete_reason)},
      {"tenantId", text_or_null(p.tenant_id)},
      {"state", p.state},
  };
}

json historic_activity_instance_dto(const engine::ActivityInstanceRecord& a) {
  return {
      {"id", a.id},
      {"parentActivityInstanceId", text_or_null(a.parent_activity_instance_id)},
      {"activityId", a.activity_id},
      {"activityName", text_or_null(a.activity_name)},
      {"activityType", a.activity_type},
      {"processDefinitionKey", a.process_definition_key},
      {"processDefinitionId", a.process_definition_id},
      {"processInstanceId", a.process_instance_id},
      {"executionId", text_or_null(a.execution_id)},
      {"taskId", text_or_null(a.task_id)},
      {"calledProcessInstanceId", nullptr},
      {"calledCaseInstanceId", nullptr},
      {"assignee", text_or_null(a.assignee)},
      {"startTime", format_camunda_date(a.start_time)},
      {"endTime", date_or_null(a.end_time)},
      {"durationInMillis", duration(a.start_time, a.end_time)},
      {"canceled", a.canceled},
      {"completeScope", a.complete_scope},
      {"tenantId", nullptr},
      {"removalTime", nullptr},
      {"rootProcessInstanceId", a.process_instance_id},
  };
}

json historic_task_dto(const engine::HistoricTaskRecord& h) {
  const auto& t = h.task;
  return {
      {"id", t.id},
      {"processDefinitionKey", text_or_null(t.process_definition_key)},
      {"processDefinitionId", text_or_null(t.process_definition_id)},
      {"processInstanceId", text_or_null(t.process_instance_id)},
      {"executionId", text_or_null(t.execution_id)},
      {"caseDefinitionKey", nullptr},
      {"caseDefinitionId", nullptr},
      {"caseInstanceId", nullptr},
      {"caseExecutionId", nullptr},
      {"activityInstanceId", text_or_null(t.activity_instance_id)},
      {"name", text_or_null(t.name)},
      {"description", text_or_null(t.description)},
      {"deleteReason", text_or_null(h.delete_reason)},
      {"owner", text_or_null(t.owner)},
      {"assignee", text_or_null(t.assignee)},
      {"startTime", format_camunda_date(t.created)},
      {"endTime", date_or_null(h.end_time)},
      {"duration", duration(t.created, h.end_time)},
      {"taskDefinitionKey", text_or_null(t.task_definition_key)},
      {"priority", t.priority},
      {"due", date_or_null(t.due)},
      {"parentTaskId", nullptr},
      {"followUp", date_or_null(t.follow_up)},
      {"tenantId", text_or_null(t.tenant_id)},
      {"removalTime", nullptr},
      {"rootProcessInstanceId", text_or_null(t.process_instance_id)},
  };
}

json historic_variable_dto(const engine::HistoricVariableInstance& h, bool deserialize) {
  const auto& v = h.latest;
  json dto = variable_to_json(v.value, deserialize);
  dto.update({
      {"id", v.variable_id},
      {"name", v.name},
      {"processDefinitionKey", text_or_null(v.process_definition_key)},
      {"processDefinitionId", nullptr},
      {"processInstanceId", v.process_instance_id},
      {"executionId", text_or_null(v.scope_id)},
      {"activityInstanceId", text_or_null(v.activity_instance_id)},
      {"caseDefinitionKey", nullptr},
      {"caseDefinitionId", nullptr},
      {"caseInstanceId", nullptr},
      {"caseExecutionId", nullptr},
      {"taskId", text_or_null(v.task_id)},
      {"tenantId", nullptr},
      {"errorMessage", nullptr},
      {"state", v.deleted ? "DELETED" : "CREATED"},
      {"createTime", format_camunda_date(h.create_time)},
      {"removalTime", nullptr},
      {"rootProcessInstanceId", v.process_instance_id},
  });
  return dto;
}

json incident_dto(const engine::IncidentRecord& i) {
  return {
      {"id", i.id},
      {"processDefinitionId", text_or_null(i.process_definition_id)},
      {"processInstanceId", i.process_instance_id},
      {"executionId", text_or_null(i.execution_id)},
      {"incidentTimestamp", format_camunda_date(i.created)},
      {"incidentType", i.type},
      {"activityId", text_or_null(i.activity_id)},
      {"failedActivityId", text_or_null(i.activity_id)},
      {"causeIncidentId", i.id},
      {"rootCauseIncidentId", i.id},
      {"configuration", text_or_null(i.configuration)},
      {"incidentMessage", text_or_null(i.message)},
      {"tenantId", nullptr},
      {"jobDefinitionId", nullptr},
      {"annotation", nullptr},
  };
}

json definition_statistics_dto(const engine::DefinitionStatistics& s) {
  return {
      {"@class", "org.camunda.bpm.engine.rest.dto.repository.ProcessDefinitionStatisticsResultDto"},
      {"id", s.definition.id},
      {"instances", s.instances},
      {"failedJobs", s.failed_jobs},
      {"incidents", incident_counts(s.incidents)},
      {"definition", process_definition_dto(s.definition)},
  };
}

json activity_statistics_dto(const engine::ActivityStatistics& s) {
  return {
      {"@class", "org.camunda.bpm.engine.rest.dto.repository.ActivityStatisticsResultDto"},
      {"id", s.activity_id},
      {"instances", s.instances},
      {"failedJobs", s.failed_jobs},
      {"incidents", incident_counts(s.incidents)},
  };
}

Response variable_data_response(const TypedValue& v, const std::string& name) {
  if (v.type != ValueType::kBytes && v.type != ValueType::kFile) {
    return error_response(Error::invalid("Value of variable with id " + name + " is not a binary value."));
  }
  Response r{200, "application/octet-stream", v.text, {}};
  if (v.type == ValueType::kFile) {
    auto info = [&](const char* key) {
      auto it = v.info.find(key);
      return it == v.info.end() ? std::string() : it->second;
    };
    if (!info("mimetype").empty()) r.content_type = info("mimetype");
    if (!info("encoding").empty()) r.content_type += "; charset=" + info("encoding");
    r.headers.push_back({"Content-Disposition", "attachment; filename=\"" + info("filename") + "\""});
  }
  return r;
}

Result<std::vector<engine::SortKey>> sorting(const Params& p, std::initializer_list<const char*> allowed) {
  auto sorts = p.sorting(allowed);
  if (!sorts) return sorts.error();
  std::vector<engine::SortKey> out;
  for (const auto& s : *sorts) out.push_back({s.by, s.descending});
  return out;
}

Status flags(const Params& p, std::initializer_list<std::pair<const char*, bool*>> targets) {
  for (auto [name, out] : targets) {
    auto f = p.flag(name);
    if (!f) return f.error();
    *out = *f;
  }
  return {};
}

Status dates(const Params& p,
             std::initializer_list<std::pair<const char*, std::optional<engine::Millis>*>> targets) {
  for (auto [name, out] : targets) {
    auto d = p.date(name);
    if (!d) return d.error();
    if (*d) *out = **d;
  }
  return {};
}

}  // namespace dpc::http::read

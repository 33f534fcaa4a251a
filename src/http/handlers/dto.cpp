#include "dto.h"

namespace dpc::http {

using nlohmann::json;

json task_dto(const engine::TaskRecord& t) {
  json form_ref = nullptr;
  if (!t.camunda_form_ref.empty()) {
    form_ref = {{"key", t.camunda_form_ref}, {"binding", "latest"}, {"version", nullptr}};
  }
  return {
      {"id", t.id}, {"name", text_or_null(t.name)}, {"assignee", text_or_null(t.assignee)},
      {"owner", text_or_null(t.owner)}, {"created", format_camunda_date(t.created)},
      {"lastUpdated", format_camunda_date(t.last_updated)}, {"due", date_or_null(t.due)},
      {"followUp", date_or_null(t.follow_up)},
      {"delegationState", text_or_null(t.delegation_state)},
      {"description", text_or_null(t.description)}, {"executionId", t.execution_id},
      {"parentTaskId", nullptr}, {"priority", t.priority},
      {"processDefinitionId", t.process_definition_id},
      {"processInstanceId", t.process_instance_id}, {"caseExecutionId", nullptr},
      {"caseDefinitionId", nullptr}, {"caseInstanceId", nullptr},
      {"taskDefinitionKey", t.task_definition_key}, {"suspended", t.suspended},
      {"formKey", text_or_null(t.form_key)}, {"camundaFormRef", form_ref},
      {"tenantId", text_or_null(t.tenant_id)},
  };
}

json external_task_dto(const engine::ExternalTaskRecord& t) {
  return {
      {"id", t.id}, {"topicName", t.topic}, {"workerId", text_or_null(t.worker_id)},
      {"lockExpirationTime", date_or_null(t.lock_expiration)},
      {"processInstanceId", t.process_instance_id}, {"executionId", t.execution_id},
      {"activityId", t.activity_id}, {"activityInstanceId", t.activity_instance_id},
      {"processDefinitionId", t.process_definition_id},
      {"processDefinitionKey", t.process_definition_key},
      {"processDefinitionVersionTag", nullptr},
      {"businessKey", text_or_null(t.business_key)}, {"tenantId", text_or_null(t.tenant_id)},
      {"retries", t.retries ? json(*t.retries) : json(nullptr)},
      {"errorMessage", text_or_null(t.error_message)}, {"suspended", t.suspended},
      {"priority", t.priority}, {"createTime", format_camunda_date(t.created)},
  };
}

json process_instance_dto(const engine::ProcessInstanceRecord& p, bool ended) {
  return {
      {"id", p.id}, {"definitionId", p.definition_id}, {"definitionKey", p.definition_key},
      {"businessKey", text_or_null(p.business_key)}, {"caseInstanceId", nullptr},
      {"ended", ended}, {"suspended", p.suspended}, {"tenantId", text_or_null(p.tenant_id)},
      {"links", json::array()},
  };
}

}  // namespace dpc::http

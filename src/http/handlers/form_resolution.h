// Internal: which form a user task or a start event shows, resolved against the repository.
//   camunda:formRef + formRefBinding latest | deployment | version (formRefVersion), by the
//     form's "id"                                                     -> kind "deployed"
//   formKey camunda-forms:deployment:PATH (a resource of the process's deployment) -> "deployed"
//   formKey camunda-forms:app:..., embedded:..., app:... or any other key -> "embedded"
//     (HTML forms and forms served by a web application are not supported)
//   camunda:formData                                                   -> "generated"
//   nothing                                                            -> "none"
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "dpc/bpmn/activity_config.h"
#include "dpc/engine/model.h"
#include "dpc/engine/repository.h"
#include "dpc/forms/form_schema.h"

namespace dpc::http {

struct ResolvedForm {
  std::string kind = "none";
  std::string key;                 // the form key, or the formRef; "" = none
  std::string ref_binding, ref_version;  // when the form is a camunda:formRef
  nlohmann::json schema;           // deployed / generated: the form-js schema; else null
  std::optional<forms::FormSchema> fields;  // the schema read for validation
  const bpmn::FormData* form_data = nullptr;  // generated forms (lives as long as the model)
  std::shared_ptr<const bpmn::ProcessDefinition> model;  // keeps form_data alive
  std::string problem;             // why a referenced form could not be shown
};

// The form of a task (its definition's user task). Errors: the definition is gone.
Result<ResolvedForm> resolve_task_form(engine::RepositoryService& repo, const engine::TaskRecord& task);
// The start form of a definition (its initial none start event).
Result<ResolvedForm> resolve_start_form(engine::RepositoryService& repo,
                                        const engine::ProcessDefinitionRecord& definition);

// Camunda's FormDto: {"key", "contextPath": null, "camundaFormRef": {key, binding, version}|null}.
nlohmann::json camunda_form_dto(const ResolvedForm& form);

}  // namespace dpc::http
